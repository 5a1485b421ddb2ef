using System.Data;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CmqRecovery.Tests.Core.Data;

/// <summary>
/// A real serialisation failure (40001): our serialisable transaction updates a row another transaction has updated
/// and then commits. Retried, it is routine and must not page anyone (Warnings, no Error); with no retry left it must
/// (one Error).
/// </summary>
[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class PostgreSqlRetryLoggingTests
{
    private const string CounterKey = "conflict";

    [DatabaseFact]
    public async Task SerialisableWrite_ConflictRetriedByTheAppsStrategy_LogsWarningsAndNoError()
    {
        var logs = new CapturedLogs(LogLevel.Information);
        await using var host = await CoreTestHost.StartAsync(DatabaseProvider.PostgreSql,
            configure: services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(logs)));
        await AddCounterAsync(host);

        var error = await ConflictAsync(host, host.Get<IDbContextFactory<RecoveryDbContext>>().CreateDbContext());

        Assert.Null(error);
        Assert.Equal(1 + 10, await FailuresAsync(host)); // the other writer's change and ours on top of it
        Assert.Contains(logs.Entries, e => e.EventId == CoreEventId.ExecutionStrategyRetrying.Id);
        // EF hands the exception to the logger with the failed save, not with the failed command.
        Assert.Contains(logs.Entries, e => e.EventId == RelationalEventId.CommandError.Id && e.Level == LogLevel.Warning);
        Assert.Contains(logs.Entries, e => e.EventId == CoreEventId.SaveChangesFailed.Id && e.Level == LogLevel.Warning && e.Exception.Contains("40001"));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [DatabaseFact]
    public async Task SerialisableWrite_ConflictWithNoRetryLeft_LogsOneErrorAndWritesNothing()
    {
        var logs = new CapturedLogs(LogLevel.Information);
        await using var host = await CoreTestHost.StartAsync(DatabaseProvider.PostgreSql);
        await AddCounterAsync(host);
        var options = new DbContextOptionsBuilder<PostgreSqlRecoveryDbContext>();
        RecoveryDataServiceCollectionExtensions.UsePostgreSql(options, host.Database.ConnectionString, maxRetryCount: 0);
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(logs));
        options.UseLoggerFactory(loggerFactory);

        var error = await ConflictAsync(host, new PostgreSqlRecoveryDbContext(options.Options));

        Assert.IsType<RetryLimitExceededException>(error);
        Assert.Equal(1, await FailuresAsync(host)); // the other writer's change only
        var final = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(LogLevel.Error, final.Level);
        Assert.Equal("Microsoft.EntityFrameworkCore.Infrastructure", final.Category);
        Assert.Contains("40001", final.Exception);
        Assert.Contains(logs.Entries, e => e.EventId == CoreEventId.SaveChangesFailed.Id && e.Level == LogLevel.Warning);
    }

    /// <summary>
    /// Another connection's serialisable transaction updates the counter; ours (in the strategy, as ConfirmEmail runs
    /// its own) reads it, adds 10 and waits on that row; the other commits, so ours fails with 40001. Returns what ours threw.
    /// </summary>
    private static async Task<Exception?> ConflictAsync(CoreTestHost host, RecoveryDbContext db)
    {
        await using var _ = db;
        await using var other = new NpgsqlConnection(host.Database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync(IsolationLevel.Serializable);
        await using (var touch = new NpgsqlCommand(
            "UPDATE \"AttemptCounters\" SET \"Failures\" = \"Failures\" + 1 WHERE \"Key\" = @key", other, transaction))
        {
            touch.Parameters.AddWithValue("key", CounterKey);
            Assert.Equal(1, await touch.ExecuteNonQueryAsync());
        }

        var ours = Task.Run(() => db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var mine = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var counter = await db.AttemptCounters.SingleAsync(c => c.Key == CounterKey, ct);
            counter.Failures += 10;
            await db.SaveChangesAsync(ct);
            await mine.CommitAsync(ct);
        }, CancellationToken.None));
        await WaitUntilSomeoneWaitsOnAsync(host.Database, other.ProcessID, ours);
        await transaction.CommitAsync();
        try
        {
            await ours;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task AddCounterAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        db.AttemptCounters.Add(new AttemptCounter { Key = CounterKey, Failures = 0, WindowStart = host.Time.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private static async Task<int> FailuresAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        return (await db.AttemptCounters.SingleAsync(c => c.Key == CounterKey)).Failures;
    }

    /// <summary>Waits (bounded) until a backend is blocked by <paramref name="blockerPid"/>'s locks.</summary>
    private static async Task WaitUntilSomeoneWaitsOnAsync(TestDatabase database, int blockerPid, Task operation)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE @pid = ANY (pg_blocking_pids(pid)))", connection);
        query.Parameters.AddWithValue("pid", blockerPid);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(bool)(await query.ExecuteScalarAsync())!)
        {
            Assert.False(operation.IsCompleted, "Our transaction finished without waiting on the other one.");
            Assert.True(DateTime.UtcNow < deadline, "Our transaction never reached the locked row.");
            await Task.Delay(20);
        }
    }
}
