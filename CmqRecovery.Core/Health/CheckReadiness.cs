using System.Data.Common;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Health;

public enum ReadinessProblem
{
    None,
    DatabaseUnreachable,
    OutboxStuck,
}

/// <summary>Whether this node can serve: one indexed query that both reaches the database and dates the oldest pending mail.</summary>
public sealed class CheckReadiness(IDbContextFactory<RecoveryDbContext> dbFactory, IOptions<HealthOptions> options, TimeProvider time)
{
    public async Task<ReadinessProblem> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.DatabaseTimeout);
        DateTimeOffset? oldestPending;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(timeout.Token);
            oldestPending = await db.OutboxMessages
                .Where(m => m.SentAt == null && m.NextAttemptAt != DeliverOutbox.Never)
                .OrderBy(m => m.CreatedAt)
                .Select(m => (DateTimeOffset?)m.CreatedAt)
                .FirstOrDefaultAsync(timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is DbException or OperationCanceledException or TimeoutException or RetryLimitExceededException)
        {
            // Unreachable, refused, or slower than the bound (the execution strategy's retries stop at the timeout).
            return ReadinessProblem.DatabaseUnreachable;
        }

        return oldestPending is { } createdAt && time.GetUtcNow() - createdAt > settings.MaxPendingMailAge
            ? ReadinessProblem.OutboxStuck
            : ReadinessProblem.None;
    }
}
