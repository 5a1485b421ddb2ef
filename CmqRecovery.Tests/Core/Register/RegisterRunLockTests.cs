using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
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

    private static async Task<(CoreTestHost NodeA, CoreTestHost NodeB)> TwoNodesAsync(DatabaseProvider provider)
    {
        var nodeA = await CoreTestHost.StartAsync(provider, BudgetOfThree);
        var nodeB = await CoreTestHost.StartAsync(nodeA.Database, BudgetOfThree);
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

    /// <summary>Started together on two nodes: whichever runs, each member gets one invitation, and the hour's budget holds.</summary>
    [DatabaseTheory]
    public async Task Invite_TwoRunsStartedTogether_EachMemberOnceAndTheBudgetHeld(DatabaseProvider provider)
    {
        var (nodeA, nodeB) = await TwoNodesAsync(provider);
        await using (nodeA)
        await using (nodeB)
        {
            var runs = await Task.WhenAll(RunAsync(nodeA), RunAsync(nodeB));

            Assert.Equal(3, runs.Sum());
            await using var db = nodeA.NewDbContext();
            var invited = await db.Set<Invitation>().GroupBy(i => i.MemberId).Select(g => g.Count()).ToListAsync();
            Assert.Equal([1, 1, 1], invited);
            Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.Kind == MailKinds.Invitation));
        }

        static async Task<int> RunAsync(CoreTestHost node)
        {
            try
            {
                return (await node.Get<InviteMembers>().ExecuteAsync(newOnly: false)).Value!.Queued;
            }
            catch (RegisterBusyException)
            {
                return 0; // the other run had it: this one stopped before reading anything
            }
        }
    }
}
