using CmqRecovery.Core;
using System.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CmqRecovery.Tests.Core.Recovery;

/// <summary>
/// PostgreSQL's serializable isolation fails one of two conflicting transactions instead of waiting (SQLite locks
/// the whole file, so it has no such failure). ConfirmEmail must run again and succeed, not surface the error.
/// </summary>
[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class ConfirmEmailConflictTests
{
    [DatabaseFact]
    public async Task Execute_ConcurrentWriterCommitsFirst_RetriesAndBothWritesStand()
    {
        var logs = new CapturedLogs(LogLevel.Information);
        await using var host = await CoreTestHost.StartAsync(DatabaseProvider.PostgreSql,
            configure: services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(logs)));
        var member = await host.AddDemoMemberAsync();
        var (older, _) = await host.AddRequestAsync(member.Id);
        var identity = await host.VerifiedIdentityAsync(member);

        // Another node's transaction holds the open request that ConfirmEmail supersedes.
        await using var other = new NpgsqlConnection(host.Database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync(IsolationLevel.Serializable);
        await using (var touch = new NpgsqlCommand(
            "UPDATE \"RecoveryRequests\" SET \"ExpiresAt\" = \"ExpiresAt\" + interval '1 minute' WHERE \"Id\" = @id", other, transaction))
        {
            touch.Parameters.AddWithValue("id", older.Id);
            Assert.Equal(1, await touch.ExecuteNonQueryAsync());
        }

        var confirm = Task.Run(() => host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: true, RecoverySteps.Client));
        await WaitUntilSomeoneWaitsOnAsync(host.Database, other.ProcessID, confirm);
        await transaction.CommitAsync();
        var result = await confirm;

        Assert.Equal(Outcome.Passed, result.Outcome);
        Assert.True(logs.Entries.Count(e => e.EventId == CoreEventId.ExecutionStrategyRetrying.Id) >= 1, "ConfirmEmail never hit the serialisation failure this test provokes.");
        await using var db = host.NewDbContext();
        var requests = await db.RecoveryRequests.ToListAsync();
        var stored = requests.Single(r => r.Id == older.Id);
        Assert.Equal(older.ExpiresAt.AddMinutes(1), stored.ExpiresAt); // the other writer's change
        Assert.NotNull(stored.SupersededAt); // and ConfirmEmail's, on top of it
        Assert.Null(requests.Single(r => r.Id != older.Id).SupersededAt);
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
        // The failed attempt left nothing behind: one audit trail, not two.
        var kinds = await db.AuditEvents.Select(e => e.Kind).ToListAsync();
        Assert.Equal(1, kinds.Count(k => k == AuditKind.EmailConfirmed));
        Assert.Equal(1, kinds.Count(k => k == AuditKind.MailQueued));
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
            Assert.False(operation.IsCompleted, "ConfirmEmail finished without waiting on the other transaction.");
            Assert.True(DateTime.UtcNow < deadline, "ConfirmEmail never reached the locked row.");
            await Task.Delay(20);
        }
    }
}
