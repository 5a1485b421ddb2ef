using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>The « Non » queue: times only; marked handled once, with a note beside the audit and one audit row with who.</summary>
public sealed class DisputedEmailsTests
{
    private static readonly StaffActor Agent = new("agent1");

    /// <summary>A « Non » as ConfirmEmail records it: one EmailDisputed audit row for the member.</summary>
    internal static async Task<long> DisputeAsync(RecoveryDbContext db, Guid memberId, DateTimeOffset at)
    {
        var row = new AuditEvent { At = at, Kind = AuditKind.EmailDisputed, MemberId = memberId };
        db.AuditEvents.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    [DatabaseTheory]
    public async Task Handle_ANoAnswer_LeavesTheQueueWithItsNoteAndOneAuditRow(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        long first, second;
        await using (var db = host.NewDbContext())
        {
            first = await DisputeAsync(db, member.Id, host.Time.GetUtcNow());
            second = await DisputeAsync(db, member.Id, host.Time.GetUtcNow().AddMinutes(5));
        }

        var queued = await host.Get<ListDisputedEmails>().ExecuteAsync();
        var handled = await host.Get<HandleDisputedEmail>().ExecuteAsync(first, "  Membre rappelé, courriel corrigé  ", Agent);

        Assert.Equal([first, second], queued.Select(d => d.Id).ToArray());
        Assert.Equal(Outcome.Passed, handled.Outcome);
        Assert.Equal([second], (await host.Get<ListDisputedEmails>().ExecuteAsync()).Select(d => d.Id).ToArray());
        await using var check = host.NewDbContext();
        var followUp = await check.Set<DisputeFollowUp>().SingleAsync();
        Assert.Equal((first, "agent1", "Membre rappelé, courriel corrigé"), (followUp.AuditEventId, followUp.HandledBy, followUp.Note));
        var row = Assert.Single(await check.AuditEvents.Where(e => e.Kind == AuditKind.StaffDisputeHandled).ToListAsync());
        Assert.Equal((member.Id, "agent1"), (row.MemberId!.Value, row.StaffId));
    }

    [DatabaseTheory]
    public async Task Handle_BadNoteUnknownOrAlreadyHandled_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        long dispute;
        long notADispute;
        await using (var db = host.NewDbContext())
        {
            dispute = await DisputeAsync(db, member.Id, host.Time.GetUtcNow());
            var other = new AuditEvent { At = host.Time.GetUtcNow(), Kind = AuditKind.EmailConfirmed, MemberId = member.Id };
            db.AuditEvents.Add(other);
            await db.SaveChangesAsync();
            notADispute = other.Id;
        }

        var handle = host.Get<HandleDisputedEmail>();
        Assert.Equal(Outcome.Passed, (await handle.ExecuteAsync(dispute, "Traité", Agent)).Outcome);
        string before;
        await using (var db = host.NewDbContext())
        {
            before = await DatabaseSnapshot.TakeAsync(db);
        }

        Assert.Equal(Outcome.AlreadyUsed, (await handle.ExecuteAsync(dispute, "Encore", new StaffActor("agent2"))).Outcome);
        Assert.Equal(Outcome.AlreadyUsed, (await handle.ExecuteAsync(notADispute, "Pas un « Non »", Agent)).Outcome);
        Assert.Equal(Outcome.AlreadyUsed, (await handle.ExecuteAsync(-1, "Inconnu", Agent)).Outcome);
        Assert.Equal(Outcome.NoteInvalid, (await handle.ExecuteAsync(dispute, " ", Agent)).Outcome);
        Assert.Equal(Outcome.NoteInvalid, (await handle.ExecuteAsync(dispute, new string('n', DisputeFollowUp.MaxNoteLength + 1), Agent)).Outcome);

        await using var check = host.NewDbContext();
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(check));
    }

    [DatabaseTheory]
    public async Task Handle_TwoAgentsAtOnce_OneWinsAndOneAuditRow(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        long dispute;
        await using (var db = host.NewDbContext())
        {
            dispute = await DisputeAsync(db, member.Id, host.Time.GetUtcNow());
        }

        var handle = host.Get<HandleDisputedEmail>();
        var results = await Task.WhenAll(
            Task.Run(() => handle.ExecuteAsync(dispute, "Un", Agent)),
            Task.Run(() => handle.ExecuteAsync(dispute, "Deux", new StaffActor("agent2"))));

        Assert.Equal([Outcome.AlreadyUsed, Outcome.Passed], results.Select(r => r.Outcome).OrderBy(o => o.ToString(), StringComparer.Ordinal).ToArray());
        await using var check = host.NewDbContext();
        Assert.Single(await check.AuditEvents.Where(e => e.Kind == AuditKind.StaffDisputeHandled).ToListAsync());
    }
}
