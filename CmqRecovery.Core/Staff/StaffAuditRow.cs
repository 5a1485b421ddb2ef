using CmqRecovery.Core.Audit;

namespace CmqRecovery.Core.Staff;

/// <summary>One console audit row: who (the staff identity, checked) and why (a <see cref="StaffReason"/>, a verification, a decision).</summary>
internal static class StaffAuditRow
{
    public static AuditEvent For(AuditKind kind, Guid? memberId, StaffActor staff, string? why, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(staff.StaffId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(staff.StaffId.Length, StaffActor.MaxLength);
        return new AuditEvent { At = at, Kind = kind, MemberId = memberId, StaffId = staff.StaffId, StaffReason = why };
    }
}
