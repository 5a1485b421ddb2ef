using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Account;

/// <summary>
/// The current password typed on « Mon compte », checked under the very counter the sign-in form uses for the
/// member's email (<see cref="SignInMember"/>): counted as a failure before the KDF, refused untouched past the
/// captcha threshold (this page shows no captcha: the member signs in again, through the form that does) or while
/// locked, and the same notices at the same counts. So a stolen session is no side door for guessing the password.
/// </summary>
public sealed class CurrentPasswordCheck(
    ServerKeys keys,
    AttemptLimiter limiter,
    AuditTrail audit,
    NotifyMember notify,
    IOptions<SignInOptions> options)
{
    /// <summary>Passed, InvalidCredentials, CaptchaRequired or LockedOut. Adds its audit to <paramref name="db"/>; the caller saves.</summary>
    internal async Task<Outcome> CheckAsync(
        RecoveryDbContext db, KdfSlot kdf, Member member, string? password, ClientContext client, CancellationToken cancellationToken)
    {
        var policy = options.Value.Policy;
        var counterKey = await CounterKeys.SignInAsync(keys, member.NormalizedEmail, cancellationToken);
        var grant = await limiter.ReserveAsync(counterKey, policy, cancellationToken: cancellationToken);
        if (grant is AttemptGrant.ProofRequired or AttemptGrant.Locked)
        {
            await audit.AddAsync(db, AuditKind.CurrentPasswordFailed, member.Id, client, cancellationToken);
            return grant == AttemptGrant.Locked ? Outcome.LockedOut : Outcome.CaptchaRequired;
        }

        // A signed-in member has a password: an imported one signs in only after activation sets it.
        if (kdf.Verify(member.PasswordHash!, PasswordPolicy.Normalize(password ?? string.Empty)))
        {
            await limiter.ResetAsync([counterKey], cancellationToken);
            return Outcome.Passed;
        }

        var lockedNow = grant == AttemptGrant.CountedAndLocked;
        await audit.AddAsync(db, lockedNow ? AuditKind.SignInLockedOut : AuditKind.CurrentPasswordFailed, member.Id, client, cancellationToken);
        var failures = (await limiter.ReadAsync(counterKey, policy, cancellationToken)).Failures;
        if (lockedNow || failures == policy.ProofAfter)
        {
            notify.Post(member.Id, lockedNow ? MemberNotice.SignInLocked : MemberNotice.SignInCaptcha);
        }

        return lockedNow ? Outcome.LockedOut : Outcome.InvalidCredentials;
    }
}
