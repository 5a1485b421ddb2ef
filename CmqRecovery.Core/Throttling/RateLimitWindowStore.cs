using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Throttling;

/// <summary>What the database answered for one acquisition: granted or not, and the window as it stands.</summary>
public readonly record struct WindowAnswer(bool Acquired, int AcquiredInWindow, DateTimeOffset ResetsAt);

/// <summary>
/// The fixed windows of <see cref="SharedFixedWindowRateLimiter"/>, in the database the nodes share (table
/// <c>RateLimitWindows</c>). Acquiring is one atomic conditional upsert; only a refusal reads the row again, to say
/// how long to wait.
/// </summary>
public sealed class RateLimitWindowStore(IDbContextFactory<RecoveryDbContext> dbFactory)
{
    public async Task<WindowAnswer> AcquireAsync(
        string key, int permits, ClientLimit limit, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counted = await RateLimitWindowCommands.TryAcquireAsync(
            db, key, permits, limit.PermitLimit, now, now + limit.Window, cancellationToken);
        if (counted is not null)
        {
            return new WindowAnswer(true, counted.Acquired, counted.ResetsAt);
        }

        return Refused(await ReadAsync(db, key, cancellationToken), now);
    }

    /// <summary>The window as it stands, without spending anything (a running window, or none).</summary>
    public async Task<WindowAnswer> PeekAsync(string key, ClientLimit limit, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var window = await ReadAsync(db, key, cancellationToken);
        return window is null || window.ResetsAt <= now
            ? new WindowAnswer(true, 0, now + limit.Window)
            : new WindowAnswer(window.Acquired < limit.PermitLimit, window.Acquired, window.ResetsAt);
    }

    private static Task<RateLimitWindow?> ReadAsync(RecoveryDbContext db, string key, CancellationToken cancellationToken) =>
        db.RateLimitWindows.AsNoTracking().SingleOrDefaultAsync(w => w.Key == key, cancellationToken);

    // Refused by a running window; if it ended (or was purged) between the two statements, the wait is over.
    private static WindowAnswer Refused(RateLimitWindow? window, DateTimeOffset now) =>
        window is null ? new WindowAnswer(false, 0, now) : new WindowAnswer(false, window.Acquired, window.ResetsAt);
}
