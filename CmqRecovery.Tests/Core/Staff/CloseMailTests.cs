using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>« Fermer » on an abandoned mail: closed once, one audit row, nothing sent, no longer offered; refused, nothing written.</summary>
public sealed class CloseMailTests
{
    private static readonly StaffActor Agent = new("agent2");

    [DatabaseTheory]
    public async Task CloseMail_Abandoned_ClosedOnceAuditedOnceAndNoLongerOffered(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var abandoned = await StaffActionsTests.AbandonedAsync(host, member, MailKinds.PasswordChanged);
        var close = host.Get<CloseMail>();

        var result = await close.ExecuteAsync(abandoned.Id, StaffReason.MailProblem, Agent);
        var again = await close.ExecuteAsync(abandoned.Id, StaffReason.MailProblem, Agent);

        Assert.Equal((Outcome.Passed, Outcome.MailNotClosable), (result.Outcome, again.Outcome));
        await using (var db = host.NewDbContext())
        {
            var row = Assert.Single(await db.AuditEvents.Where(e => e.StaffId != null).ToListAsync());
            Assert.Equal((AuditKind.StaffMailClosed, member.Id, "agent2", "MailProblem"), (row.Kind, row.MemberId, row.StaffId, row.StaffReason));
            var mail = Assert.Single(await db.OutboxMessages.ToListAsync()); // nothing sent
            Assert.Equal((DeliverOutbox.Never, host.Time.GetUtcNow()), (mail.NextAttemptAt, mail.ClosedAt));
        }

        var health = (await host.Get<ViewMailHealth>().ExecuteAsync()).Value!;
        Assert.Equal(0, health.Abandoned);
        Assert.Empty(health.AbandonedRows);
        Assert.Equal(Outcome.MailNotResendable, (await host.Get<ResendMail>().ExecuteAsync(member.Id, abandoned.Id, StaffReason.MailProblem, Agent)).Outcome);
        var status = (await host.Get<ViewMemberStatus>().ExecuteAsync(member.Id, StaffReason.MailProblem, Agent)).Value!;
        Assert.Equal(MailState.Closed, Assert.Single(status.Mails).State);
    }

    [DatabaseTheory]
    public async Task CloseMail_NoReasonSentPendingOrUnknown_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var abandoned = await StaffActionsTests.AbandonedAsync(host, member, MailKinds.PasswordChanged);
        Guid pending, sent;
        await using (var db = host.NewDbContext())
        {
            var outbox = host.Get<MailOutbox>();
            var waiting = outbox.Prepare(MailKinds.PasswordChanged, member.Email, new MailContent("s", "t", "h"), member.Id);
            var delivered = outbox.Prepare(MailKinds.PasswordChanged, member.Email, new MailContent("s", "t", "h"), member.Id);
            delivered.SentAt = host.Time.GetUtcNow();
            db.OutboxMessages.AddRange(waiting, delivered);
            await db.SaveChangesAsync();
            (pending, sent) = (waiting.Id, delivered.Id);
        }

        var close = host.Get<CloseMail>();
        Assert.Equal(Outcome.ReasonRequired, (await close.ExecuteAsync(abandoned.Id, null, Agent)).Outcome);
        foreach (var id in new[] { pending, sent, Guid.NewGuid() })
        {
            Assert.Equal(Outcome.MailNotClosable, (await close.ExecuteAsync(id, StaffReason.MailProblem, Agent)).Outcome);
        }

        await using var check = host.NewDbContext();
        Assert.False(await check.AuditEvents.AnyAsync(e => e.StaffId != null));
        Assert.False(await check.OutboxMessages.AnyAsync(m => m.ClosedAt != null));
        Assert.Equal(3, await check.OutboxMessages.CountAsync());
    }
}
