using System.Data.Common;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Health;

public enum ReadinessProblem
{
    None,
    DatabaseUnreachable,
}

/// <summary>
/// Whether this node can serve: only what is this node's own, its database connection. (Its start-up needs no
/// check: a node listens only once its database is migrated.) Shared state, such as mail the relay refuses, is never
/// a reason here: every node reads the same database, so it would take every node out of the proxy at once. The
/// outbox is watched by metrics and alerts instead (docs/DEPLOYMENT.md, Alerts).
/// </summary>
public sealed class CheckReadiness(IDbContextFactory<RecoveryDbContext> dbFactory, IOptions<HealthOptions> options)
{
    public async Task<ReadinessProblem> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DatabaseTimeout);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(timeout.Token);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return ReadinessProblem.None;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is DbException or OperationCanceledException or TimeoutException or RetryLimitExceededException)
        {
            // Unreachable, refused, or slower than the bound (the execution strategy's retries stop at the timeout).
            return ReadinessProblem.DatabaseUnreachable;
        }
    }
}
