using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// « Débloquer la connexion »: an agent, with a reason, ends the sign-in lock of the member's email, or the captcha
/// its failures require (the same counter: it starts over). One audit row (<see cref="AuditKind.StaffSignInLockLifted"/>),
/// one mail to the member. Neither in force: <see cref="Outcome.NothingToLift"/>, nothing written or mailed.
/// </summary>
public sealed class LiftSignInLock(StaffLift lift, RecoveryMails mails, IRecoveryLinks links, IOptions<SignInOptions> options)
{
    public Task<UseCaseResult<MemberRecoveryStatus>> ExecuteAsync(
        Guid memberId, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default)
    {
        var policy = options.Value.Policy;
        return lift.ExecuteAsync(
            memberId, reason, staff, AuditKind.StaffSignInLockLifted,
            counters => [counters.SignIn],
            // Locked now, or (as MemberStatusReader reads it) enough failures in the window to require the captcha.
            now => c => c.LockedUntil > now
                || (c.LockedUntil == null && c.WindowStart > now - policy.Window && c.Failures >= policy.ProofAfter),
            (member, now) => (MailKinds.SignInUnlocked, mails.SignInUnlocked(member.DisplayName, now, links.SignIn)),
            cancellationToken);
    }
}
