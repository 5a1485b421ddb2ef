namespace CmqRecovery.Core.Audit;

public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public AuditKind Kind { get; set; }
    public Guid? MemberId { get; set; }

    /// <summary>Keyed hash of the client IP: lets events from one address be linked without storing it.</summary>
    public string? ClientIpHash { get; set; }
}
