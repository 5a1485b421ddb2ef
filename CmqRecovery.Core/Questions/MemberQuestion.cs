namespace CmqRecovery.Core.Questions;

/// <summary>A question the member chose (3 to 5 of them). The answer itself is never stored.</summary>
public sealed class MemberQuestion
{
    public Guid MemberId { get; set; }
    public int QuestionId { get; set; }
}
