using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Throttling;

/// <summary>
/// The one failure counter of sign-in and recovery. An attempt is counted as a failure before its KDF, and the
/// update that counts the failure reaching the limit also sets the lock: nothing that happens after the KDF (a
/// dropped request, a cancelled token, a crash) can leave a counter at the limit without its lock. A success resets.
/// A failure older than the window no longer counts, and an expired lock starts a fresh window.
/// </summary>
public sealed class AttemptLimiter(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public async Task<AttemptGrant> ReserveAsync(
        string key, AttemptPolicy policy, bool proven = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var grant = await TryReserveAsync(db, key, policy, proven, cancellationToken);
        if (grant is { } counted)
        {
            return counted;
        }

        // No row yet (first attempt for this key), or a concurrent first attempt made it meanwhile: make sure it
        // exists and count once more. Only a refusal against an existing row is classified below.
        await CreateAsync(db, key, cancellationToken);
        grant = await TryReserveAsync(db, key, policy, proven, cancellationToken);
        if (grant is { } retried)
        {
            return retried;
        }

        // Refused: by the proof threshold when that is what the row shows, otherwise (fail closed) as locked.
        var counter = await db.AttemptCounters.AsNoTracking().SingleAsync(c => c.Key == key, cancellationToken);
        var proofMissing = !proven && counter.Failures >= policy.ProofAfter && !(counter.LockedUntil > time.GetUtcNow());
        return proofMissing ? AttemptGrant.ProofRequired : AttemptGrant.Locked;
    }

    public async Task<AttemptStatus> ReadAsync(string key, AttemptPolicy policy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counter = await db.AttemptCounters.AsNoTracking().SingleOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (counter is null)
        {
            return new AttemptStatus(0, false);
        }

        var locked = counter.LockedUntil > now;
        var fresh = counter.WindowStart is null || counter.WindowStart <= now - policy.Window || (counter.LockedUntil is not null && !locked);
        return new AttemptStatus(fresh ? 0 : counter.Failures, locked);
    }

    /// <summary>After a success, or a password change: the key starts over, unlocked.</summary>
    public async Task ResetAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.AttemptCounters.Where(c => keys.Contains(c.Key)).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Failures, 0)
            .SetProperty(c => c.WindowStart, (DateTimeOffset?)null)
            .SetProperty(c => c.LockedUntil, (DateTimeOffset?)null), cancellationToken);
    }

    /// <summary>
    /// True for at most one caller per <paramref name="period"/> and key (e.g. one notice mail a day), atomically.
    /// </summary>
    public async Task<bool> TryClaimAsync(string key, TimeSpan period, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var since = now - period;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await CreateAsync(db, key, cancellationToken);
        return await db.AttemptCounters
            .Where(c => c.Key == key && (c.WindowStart == null || c.WindowStart <= since))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.WindowStart, now), cancellationToken) == 1;
    }

    /// <summary>One conditional update per outcome: counted below the limit, or counted and locked at it.</summary>
    private async Task<AttemptGrant?> TryReserveAsync(
        RecoveryDbContext db, string key, AttemptPolicy policy, bool proven, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowStartedBefore = now - policy.Window;
        var lockedUntil = now + policy.LockDuration;
        var limit = policy.LockAfter;
        var proofAfter = policy.ProofAfter;

        // Rows not locked now. "Fresh" (window passed, or a lock that has expired) counts from one again;
        // such a row may carry an old lock date, hence LockedUntil != null in it means "expired".
        var open = db.AttemptCounters.Where(c => c.Key == key && (c.LockedUntil == null || c.LockedUntil <= now))
            .Where(c => proven || c.WindowStart == null || c.WindowStart <= windowStartedBefore || c.LockedUntil != null
                || c.Failures < proofAfter);

        var counted = await open
            .Where(c => (c.WindowStart == null || c.WindowStart <= windowStartedBefore || c.LockedUntil != null ? 1 : c.Failures + 1) < limit)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Failures, c => c.WindowStart == null || c.WindowStart <= windowStartedBefore || c.LockedUntil != null ? 1 : c.Failures + 1)
                .SetProperty(c => c.WindowStart, c => c.WindowStart == null || c.WindowStart <= windowStartedBefore || c.LockedUntil != null ? now : c.WindowStart)
                .SetProperty(c => c.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        if (counted == 1)
        {
            return AttemptGrant.Counted;
        }

        var locked = await open
            .Where(c => (c.WindowStart == null || c.WindowStart <= windowStartedBefore || c.LockedUntil != null ? 1 : c.Failures + 1) >= limit)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Failures, c => c.WindowStart == null || c.WindowStart <= windowStartedBefore || c.LockedUntil != null ? 1 : c.Failures + 1)
                .SetProperty(c => c.WindowStart, c => c.WindowStart == null || c.WindowStart <= windowStartedBefore || c.LockedUntil != null ? now : c.WindowStart)
                .SetProperty(c => c.LockedUntil, lockedUntil), cancellationToken);
        return locked == 1 ? AttemptGrant.CountedAndLocked : null;
    }

    private static async Task CreateAsync(RecoveryDbContext db, string key, CancellationToken cancellationToken)
    {
        if (await db.AttemptCounters.AnyAsync(c => c.Key == key, cancellationToken))
        {
            return;
        }

        db.AttemptCounters.Add(new AttemptCounter { Key = key });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent first attempt made the row; counting goes on against it.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
