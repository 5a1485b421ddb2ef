using System.Data.Common;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CmqRecovery.Core.Operations;

/// <summary>How many mails wait to be sent and since when, and how many were abandoned (kept until retention purges them).</summary>
public sealed record OutboxBacklogReading(long Depth, TimeSpan OldestAge, long Abandoned);

/// <summary>
/// Reads the outbox backlog for the gauges: three indexed queries at most every <see cref="CacheFor"/>, so however
/// often metrics are collected the database sees little of it. The oldest mail's age is computed at each read from
/// the cached creation time, so it keeps growing between refreshes.
/// </summary>
public sealed class OutboxBacklog(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private (DateTimeOffset ReadAt, long Depth, DateTimeOffset? Oldest, long Abandoned)? _cached;

    /// <summary>Null when the database does not answer (the gauges then report nothing rather than a false zero).</summary>
    public OutboxBacklogReading? Read()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cached is not { } cached || now - cached.ReadAt >= CacheFor)
            {
                try
                {
                    using var db = dbFactory.CreateDbContext();
                    var pending = db.OutboxMessages.WhereStillToSend();
                    var depth = pending.LongCount();
                    var oldest = pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
                    var abandoned = db.OutboxMessages.WhereAbandoned().LongCount();
                    _cached = cached = (now, depth, oldest, abandoned);
                }
                catch (Exception ex) when (ex is DbException or TimeoutException or RetryLimitExceededException)
                {
                    _cached = null;
                    return null;
                }
            }

            var age = cached.Oldest is { } createdAt && now > createdAt ? now - createdAt : TimeSpan.Zero;
            return new OutboxBacklogReading(cached.Depth, age, cached.Abandoned);
        }
    }
}
