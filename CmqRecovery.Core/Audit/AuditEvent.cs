namespace CmqRecovery.Core.Audit;

public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditKind Kind { get; set; }
    public Guid? MemberId { get; set; }

    /// <summary>Keyed hash of the client IP: lets events from one address be linked without storing it.</summary>
    public string? ClientIpHash { get; set; }

    /// <summary>The staff console: the agent who acted (the Collège provider's subject); null for the member's own steps.</summary>
    public string? StaffId { get; set; }

    /// <summary>The staff console: why the agent acted (a <see cref="Staff.StaffReason"/> name); null for the member's own steps.</summary>
    public string? StaffReason { get; set; }
}
