namespace CmqRecovery.Core.Questions;

/// <summary>A question as shown to the person recovering, in both languages.</summary>
public sealed record QuestionPrompt(int QuestionId, string TextFr, string TextEn)
{
    public string Text(string culture) =>
        culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? TextEn : TextFr;

    internal static QuestionPrompt From(SecurityQuestion question) => new(question.Id, question.TextFr, question.TextEn);
}
