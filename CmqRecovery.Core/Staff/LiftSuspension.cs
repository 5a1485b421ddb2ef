using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// « Lever la suspension »: an agent, with a reason, ends the member's recovery suspensions (by email, by user code,
/// through the mailed link) and their silent daily ceiling, once the caller was verified by phone or in writing: what
/// strangers' wrong answers did to the member, and what a new password would clear. One audit row
/// (<see cref="AuditKind.StaffSuspensionLifted"/>), one mail to the member (when, where to start again, whom to call
/// if they did not ask). Nothing in force: <see cref="Outcome.NothingToLift"/>, nothing written or mailed.
/// </summary>
public sealed class LiftSuspension(StaffLift lift, RecoveryMails mails, IRecoveryLinks links)
{
    public Task<UseCaseResult<MemberRecoveryStatus>> ExecuteAsync(
        Guid memberId, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default) =>
        lift.ExecuteAsync(
            memberId, reason, staff, AuditKind.StaffSuspensionLifted,
            counters => [.. counters.Suspensions.Values],
            now => c => c.LockedUntil > now,
            (member, now) => (MailKinds.SuspensionLifted, mails.SuspensionLifted(member.DisplayName, now, links.Recovery)),
            cancellationToken);
}
