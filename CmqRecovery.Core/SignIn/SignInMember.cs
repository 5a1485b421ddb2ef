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

    /// <summary>Every KDF slot and the queue were taken: nothing was checked or counted; try again in seconds.</summary>
    Busy,
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

        // A KDF slot before anything is written: when the server is saturated the attempt is refused untouched.
        using var kdf = await hasher.EnterAsync(cancellationToken);
        if (!kdf.Acquired)
        {
            return new SignInResult(SignInError.Busy, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var throttleKey = await keys.HashAsync(ServerKeys.SignIn, normalizedEmail, cancellationToken);
        if (await db.SignInThrottles.FindAsync([throttleKey], cancellationToken) is null)
        {
            db.SignInThrottles.Add(new SignInThrottle { Key = throttleKey, UpdatedAt = now });
        }

        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.NormalizedEmail == normalizedEmail, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Count the attempt as a failure before the KDF, atomically: parallel requests cannot exceed the limit.
        var limit = options.Value.FailuresBeforeLockout;
        var throttles = db.SignInThrottles.Where(t => t.Key == throttleKey);
        var reserved = await throttles
            .Where(t => (t.LockedUntil == null || t.LockedUntil <= now) && t.ConsecutiveFailures < limit)
            .ExecuteUpdateAsync(set => set
                .SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1)
                .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (reserved == 0)
        {
            kdf.VerifyDecoy(normalizedPassword);
            await audit.AddAsync(db, AuditKind.SignInLockedOut, member?.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInError.LockedOut, null);
        }

        bool verified;
        if (member is null)
        {
            kdf.VerifyDecoy(normalizedPassword);
            verified = false;
        }
        else
        {
            verified = kdf.Verify(member.PasswordHash, normalizedPassword);
        }

        if (verified)
        {
            await throttles.ExecuteUpdateAsync(set => set
                .SetProperty(x => x.ConsecutiveFailures, 0)
                .SetProperty(x => x.LockedUntil, (DateTimeOffset?)null), cancellationToken);
            await audit.AddAsync(db, AuditKind.SignInSucceeded, member!.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new SignInResult(SignInError.None, new SignedInMember(member.Id, member.DisplayName, member.Email, member.SecurityStamp));
        }

        // Only the failing attempt whose conditional update hits the row locks the email; others report a failure.
        var lockOut = await throttles
            .Where(t => t.ConsecutiveFailures >= limit && (t.LockedUntil == null || t.LockedUntil <= now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(x => x.LockedUntil, now + options.Value.LockoutDuration)
                .SetProperty(x => x.ConsecutiveFailures, 0), cancellationToken) == 1;

        await audit.AddAsync(db, lockOut ? AuditKind.SignInLockedOut : AuditKind.SignInFailed, member?.Id, client, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(lockOut ? SignInError.LockedOut : SignInError.InvalidCredentials, null);
    }
}
