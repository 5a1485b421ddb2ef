namespace CmqRecovery.Core.Questions;

/// <summary>Why a set of questions and answers was refused; <see cref="AnswerProblem.QuestionId"/> says where when it is one answer's.</summary>
public enum AnswerRefusal
{
    /// <summary>Fewer than <see cref="AnswerRules.MinQuestions"/> or more than <see cref="AnswerRules.MaxQuestions"/> questions.</summary>
    WrongQuestionCount,
    UnknownQuestion,
    DuplicateQuestion,
    Mismatch,
    TooShort,
    TooLong,
    SameAsAnother,
    ContainsUserCode,
    ContainsEmail,
    ContainsName,
}

/// <summary>One refusal, on one answer (its question) or on the whole set (null).</summary>
public sealed record AnswerProblem(int? QuestionId, AnswerRefusal Refusal);

/// <summary>One chosen question, its answer and the answer typed again.</summary>
public sealed record QuestionAnswer(int QuestionId, string? Answer, string? Confirmation);

/// <summary>
/// What a member may choose: 3 to 5 catalogue questions, each answer at least 3 characters once normalised
/// (<see cref="AnswerNormalizer"/>, so the rule judges what is hashed), no two answers alike, and none that a
/// stranger reads off the member's card: the user code, the email's local part, a part of the name.
/// </summary>
public static class AnswerRules
{
    public const int MinQuestions = 3;
    public const int MaxQuestions = 5;
    public const int MinLength = 3;

    /// <summary>The wizard's answer field takes as much (InputLimits.Answer), so every answer set here can be typed there.</summary>
    public const int MaxLength = 200;

    public static IReadOnlyList<AnswerProblem> Evaluate(
        IReadOnlyList<QuestionAnswer> answers, string userCode, string email, string displayName)
    {
        var problems = new List<AnswerProblem>();
        if (answers.Count is < MinQuestions or > MaxQuestions)
        {
            problems.Add(new(null, AnswerRefusal.WrongQuestionCount));
        }

        if (answers.Any(a => QuestionCatalogue.All.All(q => q.Id != a.QuestionId)))
        {
            problems.Add(new(null, AnswerRefusal.UnknownQuestion));
        }

        if (answers.Select(a => a.QuestionId).Distinct().Count() != answers.Count)
        {
            problems.Add(new(null, AnswerRefusal.DuplicateQuestion));
        }

        var code = AnswerNormalizer.Normalize(userCode);
        var local = AnswerNormalizer.Normalize(Members.EmailAddress.LocalPart(email));
        var nameParts = NameParts(displayName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var raw = answer.Answer ?? string.Empty;
            var normalized = AnswerNormalizer.Normalize(raw);
            var mine = new List<AnswerRefusal>();
            if (raw.Length > MaxLength)
            {
                mine.Add(AnswerRefusal.TooLong);
            }
            else if (normalized.Length < MinLength)
            {
                mine.Add(AnswerRefusal.TooShort);
            }
            else
            {
                if (!seen.Add(normalized))
                {
                    mine.Add(AnswerRefusal.SameAsAnother);
                }

                if (code.Length > 0 && normalized.Contains(code, StringComparison.Ordinal))
                {
                    mine.Add(AnswerRefusal.ContainsUserCode);
                }

                // The local part as a whole ("marie tremblay" once normalised), and each of its words is a name part below.
                if (local.Length >= MinLength && normalized.Contains(local, StringComparison.Ordinal))
                {
                    mine.Add(AnswerRefusal.ContainsEmail);
                }

                if (nameParts.Any(part => Words(normalized).Contains(part)))
                {
                    mine.Add(AnswerRefusal.ContainsName);
                }
            }

            if (!string.Equals(normalized, AnswerNormalizer.Normalize(answer.Confirmation), StringComparison.Ordinal))
            {
                mine.Add(AnswerRefusal.Mismatch);
            }

            problems.AddRange(mine.Select(refusal => new AnswerProblem(answer.QuestionId, refusal)));
        }

        return problems;
    }

    /// <summary>
    /// The name's words (titles and particles aside), compared as whole words: « Gagnon » refuses "rue gagnon" but
    /// « Roy » does not refuse "royaume".
    /// </summary>
    private static IReadOnlyList<string> NameParts(string displayName) =>
        Recovery.PasswordPolicy.NameParts(displayName).Select(AnswerNormalizer.Normalize).Where(p => p.Length >= MinLength).ToList();

    private static string[] Words(string normalized) => normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
