namespace CmqRecovery.Core.Questions;

/// <summary>
/// One slow hash over the normalised answers of two of the member's questions, lower question id first.
/// A check costs one KDF, cannot tell which answer was wrong, and a stolen row must be cracked as a pair.
/// </summary>
public sealed class AnswerPairHash
{
    public Guid MemberId { get; set; }
    public int FirstQuestionId { get; set; }
    public int SecondQuestionId { get; set; }
    public required string Hash { get; set; }
}
