using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;

namespace CmqRecovery.Core.Staff;

/// <summary>Adds the console's audit rows to the caller's context: who (the staff identity) and why (the reason), with what it describes.</summary>
public sealed class StaffAudit(TimeProvider time)
{
    public void Add(RecoveryDbContext db, AuditKind kind, Guid? memberId, StaffActor staff, StaffReason reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(staff.StaffId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(staff.StaffId.Length, StaffActor.MaxLength);
        db.AuditEvents.Add(new AuditEvent
        {
            At = time.GetUtcNow(),
            Kind = kind,
            MemberId = memberId,
            StaffId = staff.StaffId,
            StaffReason = reason.ToString(),
        });
    }
}
