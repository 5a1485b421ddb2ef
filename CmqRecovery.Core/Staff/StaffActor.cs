namespace CmqRecovery.Core.Staff;

/// <summary>The agent who acts: the Collège provider's subject, written in every audit row the console adds.</summary>
public sealed record StaffActor(string StaffId)
{
    /// <summary>The audit column's width; a longer subject is refused rather than cut.</summary>
    public const int MaxLength = 128;
}
