using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CmqRecovery.Tests.Core.Register.RegisterTestKit;

namespace CmqRecovery.Tests.Core.Register;

/// <summary>One register run at a time per database, across nodes: two hosts over one database stand for two processes.</summary>
public sealed class RegisterRunLockTests
{
    private static readonly string[] FiveMembers =
    [
        "R54321;Dr Hugo Lavoie;hugo@example.org", "R54322;Dre Léa Roy;lea@example.org", "R54323;Dr Noé Roy;noe@example.org",
        "R54324;Dre Zoé Roy;zoe@example.org", "R54325;Dr Élie Roy;elie@example.org",
    ];

    private static readonly Dictionary<string, string?> BudgetOfThree = new() { ["Register:InvitationsPerHour"] = "3" };

    /// <param name="recorderB">Records the commands node B runs (those of the flow that turns it on).</param>
    private static async Task<(CoreTestHost NodeA, CoreTestHost NodeB)> TwoNodesAsync(DatabaseProvider provider, CommandRecorder? recorderB = null)
    {
        var nodeA = await CoreTestHost.StartAsync(provider, BudgetOfThree);
        var nodeB = await CoreTestHost.StartAsync(nodeA.Database, BudgetOfThree, recorderB is null ? null : s => s
            .ConfigureDbContext<SqliteRecoveryDbContext>(o => o.AddInterceptors(recorderB))
            .ConfigureDbContext<PostgreSqlRecoveryDbContext>(o => o.AddInterceptors(recorderB)));
        nodeB.Time.SetUtcNow(nodeA.Time.GetUtcNow());
        await ImportAsync(nodeA, Content(FiveMembers));
        return (nodeA, nodeB);
    }

    [DatabaseTheory]
    public async Task Invite_WhileAnotherRunHoldsTheLock_StopsBusyAndQueuesNothing(DatabaseProvider provider)
    {
        var (nodeA, nodeB) = await TwoNodesAsync(provider);
        await using (nodeA)
        await using (nodeB)
        {
            await using (await nodeA.Get<RegisterRunLock>().AcquireAsync())
            {
                await Assert.ThrowsAsync<RegisterBusyException>(() => nodeB.Get<InviteMembers>().ExecuteAsync(newOnly: false));
                await using var db = nodeA.NewDbContext();
                Assert.Equal(0, await db.Set<Invitation>().CountAsync());
                Assert.Equal(0, await db.OutboxMessages.CountAsync());
            }

            // Released with its holder: the next run goes ahead.
            var after = await nodeB.Get<InviteMembers>().ExecuteAsync(newOnly: false);
            Assert.Equal(3, after.Value!.Queued);
        }
    }

    [DatabaseTheory]
    public async Task Import_WhileAnotherRunHoldsTheLock_StopsBusyAndWritesNothing(DatabaseProvider provider)
    {
        var (nodeA, nodeB) = await TwoNodesAsync(provider);
        await using (nodeA)
        await using (nodeB)
        {
            var before = await nodeA.Database.ReadEverythingStoredAsync();
            await using (await nodeA.Get<RegisterRunLock>().AcquireAsync())
            {
                await Assert.ThrowsAsync<RegisterBusyException>(() => nodeB.Get<ImportRegister>().ExecuteAsync(
                    new ImportRequest(Content("E12342012;Chloé Roy;chloe.roy@example.org"))));
            }

            Assert.Equal(before, await nodeA.Database.ReadEverythingStoredAsync());
        }
    }

    /// <summary>
    /// Run A is held where a second run would do harm (members chosen, nothing queued yet) while run B starts on the
    /// other node: B stops busy having run nothing but the lock's attempt, and A then invites each member once.
    /// </summary>
    [DatabaseTheory]
    public async Task Invite_SecondRunWhileTheFirstHasChosenItsMembers_StopsBusyAndEachMemberOnce(DatabaseProvider provider)
    {
        var recorder = new CommandRecorder();
        var (nodeA, nodeB) = await TwoNodesAsync(provider, recorder);
        await using (nodeA)
        await using (nodeB)
        {
            var first = nodeA.Get<InviteMembers>();
            var (reached, release) = (NewSignal(), NewSignal());
            first.AfterChoosing = async ct =>
            {
                reached.SetResult();
                await release.Task.WaitAsync(ct);
            };
            var runA = first.ExecuteAsync(newOnly: false);
            await Task.WhenAny(reached.Task, runA);
            Assert.True(reached.Task.IsCompleted, "run A ended before choosing its members");

            var (commands, refused) = await recorder.RecordAsync(() => Refusal(() => nodeB.Get<InviteMembers>().ExecuteAsync(newOnly: false)));
            Assert.IsType<RegisterBusyException>(refused);
            AssertOnlyTheLockWasTried(provider, commands);
            await using (var db = nodeA.NewDbContext())
            {
                Assert.Equal(0, await db.Set<Invitation>().CountAsync());
            }

            release.SetResult();
            Assert.Equal(3, (await runA).Value!.Queued);
            await using var after = nodeA.NewDbContext();
            var invited = await after.Set<Invitation>().GroupBy(i => i.MemberId).Select(g => g.Count()).ToListAsync();
            Assert.Equal([1, 1, 1], invited);
            Assert.Equal(3, await after.OutboxMessages.CountAsync(m => m.Kind == MailKinds.Invitation));
        }
    }

    /// <summary>
    /// Import A is held between its check and its writes while import B starts on the other node: B stops busy having
    /// run nothing but the lock's attempt, so the two never hand out the same ordinals; A then writes its member.
    /// </summary>
    [DatabaseTheory]
    public async Task Import_SecondRunWhileTheFirstHasChecked_StopsBusyAndWritesNothing(DatabaseProvider provider)
    {
        var recorder = new CommandRecorder();
        var (nodeA, nodeB) = await TwoNodesAsync(provider, recorder);
        await using (nodeA)
        await using (nodeB)
        {
            var before = await nodeA.Database.ReadEverythingStoredAsync();
            var first = nodeA.Get<ImportRegister>();
            var (reached, release) = (NewSignal(), NewSignal());
            first.AfterChecking = async ct =>
            {
                reached.SetResult();
                await release.Task.WaitAsync(ct);
            };
            var runA = first.ExecuteAsync(new ImportRequest(Content([.. FiveMembers, "E12342012;Chloé Roy;chloe.roy@example.org"])));
            await Task.WhenAny(reached.Task, runA);
            Assert.True(reached.Task.IsCompleted, "import A ended before its check was done");

            var (commands, refused) = await recorder.RecordAsync(() => Refusal(() => nodeB.Get<ImportRegister>().ExecuteAsync(
                new ImportRequest(Content([.. FiveMembers, "E12342013;Éloïse Roy;eloise.roy@example.org"])))));
            Assert.IsType<RegisterBusyException>(refused);
            AssertOnlyTheLockWasTried(provider, commands);
            Assert.Equal(before, await nodeA.Database.ReadEverythingStoredAsync());

            release.SetResult();
            Assert.Equal(1, (await runA).Value!.Added);
            await using var db = nodeA.NewDbContext();
            Assert.Equal(["E12342012"], await db.Members.Where(m => m.UserCode.StartsWith("E")).Select(m => m.UserCode).ToListAsync());
            Assert.Equal(6, await db.Members.Select(m => m.Ordinal).Distinct().CountAsync());
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What the run threw (null if it did not): for <see cref="CommandRecorder.RecordAsync{T}"/>.</summary>
    private static async Task<Exception?> Refusal<T>(Func<Task<T>> run)
    {
        try
        {
            await run();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>PostgreSQL: the advisory lock's one attempt; SQLite: none (a lock file beside the database).</summary>
    private static void AssertOnlyTheLockWasTried(DatabaseProvider provider, IReadOnlyList<string> commands)
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            Assert.Contains("pg_try_advisory_lock", Assert.Single(commands), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(commands);
        }
    }
}
