using CmqRecovery.Core.Data;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Members;

public sealed record NewMember(
    string DisplayName,
    string UserCode,
    string Email,
    string Password,
    IReadOnlyDictionary<int, string> Answers);

/// <summary>
/// Enrols a member: the kind follows from the code's format, and the 3 to 5 answers are stored only as one
/// slow hash per pair of questions (3 questions give 3 hashes, 5 give 10).
/// </summary>
public sealed class CreateMember(IDbContextFactory<RecoveryDbContext> dbFactory, SecretHasher hasher, AnswerPairHasher pairHasher, TimeProvider time)
{
    public async Task<Member> ExecuteAsync(NewMember input, CancellationToken cancellationToken = default)
    {
        if (!UserCode.TryParse(input.UserCode, out var code, out var kind))
        {
            throw new ArgumentException("The user code matches none of the four formats.", nameof(input));
        }

        if (!EmailAddress.IsValid(input.Email))
        {
            throw new ArgumentException("The email is not a valid address.", nameof(input));
        }

        if (input.Answers.Count is < 3 or > 5)
        {
            throw new ArgumentException("A member chooses 3 to 5 questions.", nameof(input));
        }

        // Enrolment waits its turn for the KDF like everyone else; it is never a client request to refuse.
        using var kdf = await hasher.EnterAsync(cancellationToken);
        if (!kdf.Acquired)
        {
            throw new InvalidOperationException("The KDF queue is full; enrol the member again shortly.");
        }

        var now = time.GetUtcNow();
        var member = new Member
        {
            Id = Guid.NewGuid(),
            DisplayName = input.DisplayName,
            Kind = kind,
            UserCode = code,
            Email = input.Email.Trim(),
            NormalizedEmail = Member.NormalizeEmail(input.Email),
            PasswordHash = kdf.Hash(PasswordPolicy.Normalize(input.Password)),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The next ordinal; two enrolments at once cannot both take it (unique index): the second one fails.
        member.Ordinal = (await db.Members.MaxAsync(m => (int?)m.Ordinal, cancellationToken) ?? 0) + 1;
        db.Members.Add(member);
        var questionIds = input.Answers.Keys.Order().ToArray();
        foreach (var id in questionIds)
        {
            db.MemberQuestions.Add(new MemberQuestion { MemberId = member.Id, QuestionId = id });
        }

        foreach (var (low, high) in Pairs(questionIds))
        {
            var secret = AnswerPairSecret.Combine(low, input.Answers[low], high, input.Answers[high]);
            db.AnswerPairHashes.Add(new AnswerPairHash
            {
                MemberId = member.Id,
                FirstQuestionId = low,
                SecondQuestionId = high,
                Hash = pairHasher.Hash(kdf, secret),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        return member;
    }

    private static IEnumerable<(int Low, int High)> Pairs(int[] ordered)
    {
        for (var i = 0; i < ordered.Length; i++)
        {
            for (var j = i + 1; j < ordered.Length; j++)
            {
                yield return (ordered[i], ordered[j]);
            }
        }
    }
}
