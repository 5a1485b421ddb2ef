using System.Diagnostics.Metrics;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.Core.Mail;

/// <summary>
/// The relay refusing one recipient, through the real SMTP server: 5xx is final after one attempt, 4xx is retried,
/// the rest of the batch goes out, and the refused address is in no log and no stored error.
/// </summary>
public sealed class DeliverOutboxRefusalTests
{
    [DatabaseTheory]
    public async Task DeliverDue_RecipientRefused550_AbandonsAfterOneAttemptAndDeliversTheRest(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var logs = new CapturedLogs(LogLevel.Trace);
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings, Logging(logs));
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var refused = await QueueNoticeAsync(host, 0);
        smtp.Refuse(refused.Email, 550);
        // Queued after it, so the refused mail is first in the batch and the others come after the refusal.
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var others = new[] { await QueueNoticeAsync(host, 1), await QueueNoticeAsync(host, 2) };

        Assert.Equal(2, await host.Get<DeliverOutbox>().DeliverDueAsync());

        foreach (var other in others)
        {
            await smtp.WaitForMailToAsync(other.Email);
        }

        Assert.Equal(1, smtp.RefusalsOf(refused.Email));
        var row = await RowOfAsync(host, refused);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.SentAt);
        Assert.Equal(DeliverOutbox.Never, row.NextAttemptAt);
        Assert.Null(row.ProtectedTextBody);
        Assert.Null(row.ProtectedHtmlBody);
        Assert.StartsWith("SMTP 550:", row.LastError);
        Assert.Contains(MailRedaction.Placeholder, row.LastError);
        AssertNoAddress(refused, row.LastError!);
        Assert.DoesNotContain("@", row.LastError, StringComparison.Ordinal);
        Assert.Equal(1, await AuditCountAsync(host, AuditKind.MailAbandoned, refused.Id));
        Assert.Equal(1, metrics.Sum("cmq.outbox.abandonments", "reason=permanent"));

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("abandoned (Permanent)", StringComparison.Ordinal));
        Assert.All(logs.Entries, e => AssertNoAddress(refused, e.Message + e.Exception));

        // Never tried again, however long we wait: no second refusal, no second attempt.
        host.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await host.Get<DeliverOutbox>().DeliverDueAsync());
        Assert.Equal(1, smtp.RefusalsOf(refused.Email));
        Assert.Equal(1, (await RowOfAsync(host, refused)).Attempts);
    }

    [DatabaseTheory]
    public async Task DeliverDue_RecipientRefused451_RetriesWithBackoffThenDelivers(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var logs = new CapturedLogs(LogLevel.Trace);
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings, Logging(logs));
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var member = await QueueNoticeAsync(host, 0);
        smtp.Refuse(member.Email, 451);
        var deliver = host.Get<DeliverOutbox>();
        var firstTry = host.Time.GetUtcNow();

        Assert.Equal(0, await deliver.DeliverDueAsync());

        var deferred = await RowOfAsync(host, member);
        Assert.Equal(1, deferred.Attempts);
        Assert.InRange(deferred.NextAttemptAt, firstTry.AddSeconds(5), firstTry.AddSeconds(5.5));
        Assert.NotNull(deferred.ProtectedTextBody);
        Assert.StartsWith("SMTP 451:", deferred.LastError);
        AssertNoAddress(member, deferred.LastError!);
        Assert.Equal(0, await AuditCountAsync(host, AuditKind.MailAbandoned, member.Id));
        Assert.Equal(0, metrics.Sum("cmq.outbox.abandonments", "reason=permanent"));

        // Still deferred at the retry: the delay doubles.
        host.Time.Advance(TimeSpan.FromSeconds(6));
        var secondTry = host.Time.GetUtcNow();
        Assert.Equal(0, await deliver.DeliverDueAsync());
        Assert.InRange((await RowOfAsync(host, member)).NextAttemptAt, secondTry.AddSeconds(10), secondTry.AddSeconds(11));

        smtp.Accept(member.Email);
        host.Time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await deliver.DeliverDueAsync());
        await smtp.WaitForMailToAsync(member.Email);
        Assert.Equal(2, smtp.RefusalsOf(member.Email));
        var sent = await RowOfAsync(host, member);
        Assert.Equal(3, sent.Attempts);
        Assert.NotNull(sent.SentAt);
        Assert.All(logs.Entries, e => AssertNoAddress(member, e.Message + e.Exception));
    }

    [DatabaseTheory]
    public async Task DeliverDue_FailingUpToMaxAttempts_AuditsAndCountsTheAbandonOnce(DatabaseProvider provider)
    {
        var settings = SmtpTestServer.SettingsFor(LoopbackPort.Free());
        settings["Smtp:MaxAttempts"] = "2";
        await using var host = await CoreTestHost.StartAsync(provider, settings);
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var member = await QueueNoticeAsync(host, 0);

        await host.Get<DeliverOutbox>().DeliverDueAsync();
        Assert.Equal(0, await AuditCountAsync(host, AuditKind.MailAbandoned, member.Id));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.Get<DeliverOutbox>().DeliverDueAsync();

        Assert.Equal(DeliverOutbox.Never, (await RowOfAsync(host, member)).NextAttemptAt);
        Assert.Equal(1, await AuditCountAsync(host, AuditKind.MailAbandoned, member.Id));
        Assert.Equal(1, metrics.Sum("cmq.outbox.abandonments", "reason=exhausted"));
        Assert.Equal(0, metrics.Sum("cmq.outbox.abandonments", "reason=permanent"));
    }

    [Theory]
    [InlineData("5.1.1 <marie.tremblay@example.org>: Recipient address rejected", "5.1.1 <[address]>: Recipient address rejected")]
    [InlineData("user MARIE.TREMBLAY@EXAMPLE.ORG unknown", "user [address] unknown")]
    [InlineData("marie.tremblay... User unknown", "[address]... User unknown")]
    [InlineData("mailbox other.person@cmq.org full", "mailbox [address] full")]
    [InlineData("Connection refused 127.0.0.1:25", "Connection refused 127.0.0.1:25")]
    public void Redact_ServerReplies_LeaveNoAddress(string reply, string expected)
    {
        Assert.Equal(expected, MailRedaction.Redact(reply, "marie.tremblay@example.org"));
    }

    private static Action<IServiceCollection> Logging(CapturedLogs logs) =>
        services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));

    private static void AssertNoAddress(Member member, string text)
    {
        Assert.DoesNotContain(member.Email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(member.Email.Split('@')[0], text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A sign-in notice for a demo member, queued the way NotifyMember does (no link in it).</summary>
    private static async Task<Member> QueueNoticeAsync(CoreTestHost host, int demoIndex)
    {
        var member = await host.AddDemoMemberAsync(demoIndex);
        var content = new MailContent("Connexion", "Bonjour", "<p>Bonjour</p>");
        await using var db = host.NewDbContext();
        host.Get<MailOutbox>().Enqueue(db, MailKinds.Notice(MemberNotice.SignInCaptcha), member.Email, content, member.Id);
        await db.SaveChangesAsync();
        return member;
    }

    private static async Task<OutboxMessage> RowOfAsync(CoreTestHost host, Member member)
    {
        await using var db = host.NewDbContext();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.MemberId == member.Id);
    }

    private static async Task<int> AuditCountAsync(CoreTestHost host, AuditKind kind, Guid memberId)
    {
        await using var db = host.NewDbContext();
        return await db.AuditEvents.CountAsync(e => e.Kind == kind && e.MemberId == memberId);
    }
}
