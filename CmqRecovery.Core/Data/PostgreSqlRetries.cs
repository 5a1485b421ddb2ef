using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace CmqRecovery.Core.Data;

/// <summary>
/// PostgreSQL answers the loser of two conflicting serialisable transactions with 40001 (40P01 for a deadlock) and
/// expects it to be run again; the execution strategy does, and under load that is routine. EF Core reports each
/// failed command, save, query or commit at Error before the strategy retries it, which would page an operator for a
/// conflict already resolved. So, on PostgreSQL only: those reports are Warnings (<see cref="Configure"/>, EF's own
/// ConfigureWarnings), and the strategy logs one Error when it gives up (<see cref="GivingUpStrategy"/>). A failure the
/// strategy never retries (a constraint some code expects and handles, a bug) comes out of the use case as an
/// exception, which its caller logs at Error or handles (the request's, circuit's or background job's own logging).
/// </summary>
internal static class PostgreSqlRetries
{
    public const int MaxRetryCount = 8;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>PostgreSQL's "retry me" answers besides Npgsql's transient ones (lost connections, too many clients).</summary>
    public static IReadOnlyList<string> RetriedErrors { get; } =
        [PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.DeadlockDetected];

    /// <summary>EF's reports of a failed database call, each of which the strategy may go on to retry.</summary>
    private static readonly EventId[] FailureEvents =
    [
        RelationalEventId.CommandError,
        RelationalEventId.TransactionError,
        CoreEventId.SaveChangesFailed,
        CoreEventId.QueryIterationFailed,
    ];

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDbContextOptionsBuilder npgsql, int maxRetryCount)
    {
        npgsql.ExecutionStrategy(dependencies => new GivingUpStrategy(dependencies, maxRetryCount));
        options.ConfigureWarnings(warnings => warnings.Log([.. FailureEvents.Select(id => (id, LogLevel.Warning))]));
    }

    /// <summary>Npgsql's retrying strategy, plus the Error that the retried failures' Warnings no longer are.</summary>
    private sealed class GivingUpStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount)
        : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount, PostgreSqlRetries.MaxRetryDelay, [.. RetriedErrors])
    {
        protected override TimeSpan? GetNextDelay(Exception lastException)
        {
            // Called only for a failure worth retrying; no delay means no retry left: RetryLimitExceededException follows.
            var delay = base.GetNextDelay(lastException);
            if (delay is null)
            {
                Dependencies.Logger.Logger.LogError(
                    lastException, "A database operation failed after {Retries} retries; the last error follows.", ExceptionsEncountered.Count - 1);
            }

            return delay;
        }
    }
}
