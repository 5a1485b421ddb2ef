namespace CmqRecovery.Core.Staff;

/// <summary>Why an agent looks a member up or acts: chosen from this list (never free text), and written in the audit.</summary>
public enum StaffReason
{
    /// <summary>The member called the support number.</summary>
    MemberCalled,

    /// <summary>The member wrote to the Collège.</summary>
    MemberWrote,

    /// <summary>A mail to the member bounced or was abandoned.</summary>
    MailProblem,

    /// <summary>Following up an earlier request of the member.</summary>
    FollowUp,
}
