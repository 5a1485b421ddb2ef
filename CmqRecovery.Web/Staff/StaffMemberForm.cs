using CmqRecovery.Core.Staff;

namespace CmqRecovery.Web.Staff;

/// <summary>What every posted form about one member carries: the member's id (from a lookup) and the agent's reason.</summary>
public sealed class StaffMemberForm
{
    public Guid MemberId { get; set; }

    public StaffReason? Reason { get; set; }

    /// <summary>The mail a resend or a close names; unused by the other forms.</summary>
    public Guid MailId { get; set; }
}
