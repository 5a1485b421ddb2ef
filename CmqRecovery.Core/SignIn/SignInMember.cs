using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.SignIn;

public enum SignInError
{
    None,
    InvalidCredentials,
    LockedOut,
}

public sealed record SignedInMember(Guid Id, string DisplayName, string Email, string SecurityStamp);

public sealed record SignInResult(SignInError Error, SignedInMember? Member)
{
    public bool Succeeded => Error == SignInError.None;
}

/// <summary>
/// The login page's check. Failures are counted per email whether or not a member has it, and an unknown email
/// costs the same KDF, so neither the message, the lockout nor the timing tells that an email exists.
/// Recovery suspension does not touch sign-in, and sign-in lockout does not touch recovery.
/// </summary>
public sealed class SignInMember(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    ServerKeys keys,
    AuditTrail audit,
    IOptions<SignInOptions> options,
    TimeProvider time)
{
    public async Task<SignInResult> ExecuteAsync(string? email, string? password, ClientContext client, CancellationToken cancellationToken = default)
    {
        var normalizedEmail = Member.NormalizeEmail(email ?? string.Empty);
        var normalizedPassword = PasswordPolicy.Normalize(password ?? string.Empty);
        var now = time.GetUtcNow();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var throttleKey = await keys.HashAsync(ServerKeys.SignIn, normalizedEmail, cancellationToken);
        var throttle = await db.SignInThrottles.FindAsync([throttleKey], cancellationToken);
        if (throttle is null)
        {
            throttle = new SignInThrottle { Key = throttleKey, UpdatedAt = now };
            db.SignInThrottles.Add(throttle);
        }

        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.NormalizedEmail == normalizedEmail, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Count the attempt as a failure before the KDF, atomically: parallel requests cannot exceed the limit.
        var limit = options.Value.FailuresBeforeLockout;
        var reserved = await db.SignInThrottles
            .Where(t => t.Key == throttleKey && (t.LockedUntil == null || t.LockedUntil <= now) && t.ConsecutiveFailures < limit)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1), cancellationToken);
        if (reserved == 0)
        {
            hasher.VerifyDecoy(normalizedPassword);
            await audit.AddAsync(db, AuditKind.SignInLockedOut, member?.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInError.LockedOut, null);
        }

        await db.Entry(throttle).ReloadAsync(cancellationToken);
        bool verified;
        if (member is null)
        {
            hasher.VerifyDecoy(normalizedPassword);
            verified = false;
        }
        else
        {
            verified = hasher.Verify(member.PasswordHash, normalizedPassword);
        }

        throttle.UpdatedAt = now;
        if (verified)
        {
            throttle.ConsecutiveFailures = 0;
            throttle.LockedUntil = null;
            await audit.AddAsync(db, AuditKind.SignInSucceeded, member!.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInError.None, new SignedInMember(member.Id, member.DisplayName, member.Email, member.SecurityStamp));
        }

        var lockOut = throttle.ConsecutiveFailures >= limit;
        if (lockOut)
        {
            throttle.ConsecutiveFailures = 0;
            throttle.LockedUntil = now + options.Value.LockoutDuration;
        }

        await audit.AddAsync(db, lockOut ? AuditKind.SignInLockedOut : AuditKind.SignInFailed, member?.Id, client, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(lockOut ? SignInError.LockedOut : SignInError.InvalidCredentials, null);
    }
}
