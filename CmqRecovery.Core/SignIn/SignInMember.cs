using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.SignIn;

public sealed record SignedInMember(Guid Id, string DisplayName, string Email, string SecurityStamp);

/// <summary>A sign-in's details: the member when it passed; otherwise whether the next attempt for this email must carry the captcha.</summary>
public sealed record SignInAttempt(SignedInMember? Member, bool CaptchaRequired = false);

/// <summary>The captcha's challenge and its answer, when the form showed it: the image's digits, or the proof of work's number.</summary>
public sealed record SignInCaptcha(Guid ChallengeId, string? Digits, CaptchaKind Kind = CaptchaKind.Image);

/// <summary>
/// The login page's check. Failures are counted per email (a keyed hash of it) whether or not a member has it, and
/// an unknown email costs the same KDF, so neither the message, the captcha, the lock nor the timing tells that an
/// email exists. A stranger cannot keep a member out: past a few failures the form asks for a captcha, and only a
/// hundred failures in a day lock (NIST SP 800-63B 5.2.2), with a mail to the member whose way-back link leads to a
/// password reset that unlocks, even while recovery is suspended too.
/// </summary>
public sealed class SignInMember(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    ServerKeys keys,
    AttemptLimiter limiter,
    CaptchaService captcha,
    NotifyMember notify,
    WorkDifficulty difficulty,
    AuditTrail audit,
    IOptions<SignInOptions> options,
    RecoveryMetrics? metrics = null)
{
    public Task<UseCaseResult<SignInAttempt>> ExecuteAsync(string? email, string? password, ClientContext client, CancellationToken cancellationToken = default) =>
        ExecuteAsync(email, password, null, client, cancellationToken);

    public async Task<UseCaseResult<SignInAttempt>> ExecuteAsync(
        string? email, string? password, SignInCaptcha? captchaAnswer, ClientContext client, CancellationToken cancellationToken = default)
    {
        var normalizedEmail = Member.NormalizeEmail(email ?? string.Empty);
        var normalizedPassword = PasswordPolicy.Normalize(password ?? string.Empty);
        var policy = options.Value.Policy;

        // A KDF slot before anything is written: when the server is saturated the attempt is refused untouched.
        using var kdf = await hasher.EnterAsync(cancellationToken);
        if (!kdf.Acquired)
        {
            return UseCaseResult<SignInAttempt>.Wait(Throttled.Busy);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counterKey = await CounterKeys.SignInAsync(keys, normalizedEmail, cancellationToken);
        var member = await MemberLookup.FindByNormalizedEmailAsync(db, normalizedEmail, cancellationToken);

        // A captcha that came with the form is spent whatever happens next; it only matters past the threshold.
        var workSize = captchaAnswer?.Kind == CaptchaKind.Work
            ? await captcha.VerifyWorkAsync(captchaAnswer.ChallengeId, captchaAnswer.Digits, cancellationToken)
            : null;
        var proven = workSize is not null || (captchaAnswer is { Kind: CaptchaKind.Image }
            && await captcha.VerifyAsync(captchaAnswer.ChallengeId, captchaAnswer.Digits, captchaAnswer.Kind, cancellationToken));

        // The email as typed is the identifier whose proof-of-work failures size the next proof (WorkDifficulty).
        var workSubjectKey = workSize is null ? null : await difficulty.SubjectKeyAsync(normalizedEmail, null, cancellationToken);
        if (workSubjectKey is not null && workSize < await difficulty.RequiredAsync(workSubjectKey, cancellationToken))
        {
            // Too small for this email now: nothing is counted or checked, for a member's email and any other alike.
            await audit.AddAsync(db, AuditKind.SignInCaptchaRequired, member?.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<SignInAttempt>.Refuse(Outcome.HarderWorkRequired, new SignInAttempt(null, CaptchaRequired: true));
        }

        // Counted as a failure before the KDF; the count that reaches the limit sets the lock in the same update.
        var grant = await limiter.ReserveAsync(counterKey, policy, proven, cancellationToken);
        if (grant == AttemptGrant.ProofRequired)
        {
            await audit.AddAsync(db, AuditKind.SignInCaptchaRequired, member?.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<SignInAttempt>.Refuse(Outcome.CaptchaRequired, new SignInAttempt(null, CaptchaRequired: true));
        }

        if (grant == AttemptGrant.Locked)
        {
            kdf.VerifyDecoy(normalizedPassword);
            await audit.AddAsync(db, AuditKind.SignInLockedOut, member?.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<SignInAttempt>.Refuse(Outcome.LockedOut, new SignInAttempt(null));
        }

        // A member without a password yet (imported, not activated) costs and answers as an unknown email.
        var verified = member?.PasswordHash is not { } passwordHash
            ? Decoy(kdf, normalizedPassword)
            : kdf.Verify(passwordHash, normalizedPassword);
        if (verified)
        {
            await limiter.ResetAsync([counterKey], cancellationToken);
            await RehashIfNeededAsync(db, kdf, member!, normalizedPassword, cancellationToken);
            await audit.AddAsync(db, AuditKind.SignInSucceeded, member!.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<SignInAttempt>.Pass(new SignInAttempt(new SignedInMember(member.Id, member.DisplayName, member.Email, member.SecurityStamp)));
        }

        if (workSubjectKey is not null)
        {
            await difficulty.CountFailureAsync(workSubjectKey, cancellationToken);
        }

        var lockedNow = grant == AttemptGrant.CountedAndLocked;
        await audit.AddAsync(db, lockedNow ? AuditKind.SignInLockedOut : AuditKind.SignInFailed, member?.Id, client, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var failures = (await limiter.ReadAsync(counterKey, policy, cancellationToken)).Failures;
        if (lockedNow || failures == policy.ProofAfter)
        {
            metrics?.SignInThresholdReached(lockedNow ? RecoveryMetrics.SignInThresholds.Lock : RecoveryMetrics.SignInThresholds.Captcha);
        }

        if (lockedNow || failures == policy.ProofAfter)
        {
            // Posted for an unknown email too, and written off the request path for both (see NotifyMember.Post).
            notify.Post(member?.Id, lockedNow ? MemberNotice.SignInLocked : MemberNotice.SignInCaptcha);
        }

        return UseCaseResult<SignInAttempt>.Refuse(
            lockedNow ? Outcome.LockedOut : Outcome.InvalidCredentials, new SignInAttempt(null, failures >= policy.ProofAfter));
    }

    private static bool Decoy(KdfSlot kdf, string password)
    {
        kdf.VerifyDecoy(password);
        return false;
    }

    /// <summary>A hash made with fewer iterations than today's setting is replaced now that the password is known.</summary>
    private async Task RehashIfNeededAsync(RecoveryDbContext db, KdfSlot kdf, Member member, string password, CancellationToken cancellationToken)
    {
        if (member.PasswordHash is null || !hasher.NeedsRehash(member.PasswordHash))
        {
            return;
        }

        var rehashed = kdf.Hash(password);
        // Only if nobody changed the password meanwhile; the stamp stays, so open sessions stay valid.
        await db.Members.Where(m => m.Id == member.Id && m.PasswordHash == member.PasswordHash)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.PasswordHash, rehashed), cancellationToken);
    }
}
