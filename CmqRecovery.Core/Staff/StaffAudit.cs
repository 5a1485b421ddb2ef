using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;

namespace CmqRecovery.Core.Staff;

/// <summary>Adds the console's audit rows to the caller's context: who (the staff identity) and why (the reason), with what it describes.</summary>
public sealed class StaffAudit(TimeProvider time)
{
    public void Add(RecoveryDbContext db, AuditKind kind, Guid? memberId, StaffActor staff, StaffReason reason) =>
        db.AuditEvents.Add(StaffAuditRow.For(kind, memberId, staff, reason.ToString(), time.GetUtcNow()));
}
