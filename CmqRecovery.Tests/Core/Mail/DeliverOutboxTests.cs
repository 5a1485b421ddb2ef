using CmqRecovery.Core.Data;
using System.Text;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CmqRecovery.Tests.Core.Mail;

/// <summary>One delivery pass at a time, over real SQLite and a real SMTP server, with the fake clock.</summary>
public sealed class DeliverOutboxTests
{
    [DatabaseTheory]
    public async Task DeliverDue_ConfirmedEmail_ResetMailArrivesWithPartsAndLinkToTheNewRequest(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        var member = await MailTestKit.ConfirmEmailAsync(host);

        var delivered = await host.Get<DeliverOutbox>().DeliverDueAsync();

        Assert.Equal(1, delivered);
        var mail = await smtp.WaitForMailToAsync(member.Email);
        Assert.Equal("Réinitialisation du mot de passe", mail.Subject);
        Assert.Equal("Collège des médecins du Québec <cmqweb@cmq.org>", mail.From);
        Assert.Equal(member.Email, mail.To);
        var alternative = Assert.IsType<MultipartAlternative>(mail.Message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("Une demande de modification de votre mot de passe", mail.Text);
        Assert.Contains("lang=\"fr\"", mail.Html);

        var link = SmtpTestServer.ExtractResetLink(mail);
        Assert.Equal("https://recuperation.test" + link.Path, link.Url.AbsoluteUri);
        Assert.Contains(link.Url.AbsoluteUri, mail.Html);
        await using var db = host.NewDbContext();
        var request = await db.RecoveryRequests.SingleAsync();
        Assert.Equal(request.Id, link.RequestId);
        Assert.True(RecoveryTokens.Matches(link.Token, request.TokenHash));

        var row = await db.OutboxMessages.SingleAsync();
        Assert.Equal(host.Time.GetUtcNow(), row.SentAt);
        Assert.Null(row.ProtectedTextBody);
        Assert.Null(row.ProtectedHtmlBody);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LastError);
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.MailSent && e.MemberId == member.Id));
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.MailFailed));
    }

    [DatabaseTheory]
    public async Task Enqueue_ResetMail_StoresNeitherTokenNorTextInClear(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);

        var (_, link, token, content) = await MailTestKit.QueueResetMailAsync(host);

        var row = await MailTestKit.SingleMessageAsync(host);
        Assert.NotNull(row.ProtectedTextBody);
        Assert.NotNull(row.ProtectedHtmlBody);
        Assert.DoesNotContain(token, row.ProtectedTextBody);
        Assert.DoesNotContain(token, row.ProtectedHtmlBody);
        Assert.DoesNotContain("Bonjour", row.ProtectedTextBody);
        Assert.DoesNotContain(token, row.Subject);

        // Nowhere in the database either, in any column (or, for SQLite, any journal).
        var stored = await host.Database.ReadEverythingStoredAsync();
        Assert.NotEmpty(stored);
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(link.AbsolutePath)));

        // Protected, not mangled: the sender gets the exact mail back.
        var protector = host.Get<OutboxProtector>();
        Assert.Equal(content.TextBody, protector.Unprotect(row.ProtectedTextBody));
        Assert.Equal(content.HtmlBody, protector.Unprotect(row.ProtectedHtmlBody));
    }

    [DatabaseTheory]
    public async Task Enqueue_WithoutSaveChanges_LeavesNoMessage(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var content = host.Get<RecoveryMails>().ResetLink("Dre Marie Tremblay", new Uri("https://recuperation.test/reinitialisation/x/y"), TimeSpan.FromMinutes(30));

        await using (var db = host.NewDbContext())
        {
            host.Get<MailOutbox>().Enqueue(db, MailKinds.ResetLink, "marie.tremblay@example.org", content, null);
            Assert.Single(db.ChangeTracker.Entries<OutboxMessage>(), e => e.State == EntityState.Added);
        }

        await using var check = host.NewDbContext();
        Assert.Equal(0, await check.OutboxMessages.CountAsync());
    }

    [DatabaseTheory]
    public async Task DeliverDue_SmtpDownThenBack_RetriesWithBackoffThenDelivers(DatabaseProvider provider)
    {
        using var down = LoopbackPort.Hold(out var port);
        await using var host = await CoreTestHost.StartAsync(provider, SmtpTestServer.SettingsFor(port));
        var deliver = host.Get<DeliverOutbox>();
        var (member, _, token, _) = await MailTestKit.QueueResetMailAsync(host);
        var firstTry = host.Time.GetUtcNow();

        Assert.Equal(0, await deliver.DeliverDueAsync());

        var failed = await MailTestKit.SingleMessageAsync(host);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(failed.SentAt);
        Assert.NotNull(failed.ProtectedTextBody);
        Assert.InRange(failed.NextAttemptAt, firstTry.AddSeconds(5), firstTry.AddSeconds(5.5));
        Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
        Assert.DoesNotContain(token, failed.LastError);
        Assert.Equal(1, await MailTestKit.AuditCountAsync(host, AuditKind.MailFailed));

        // Not due yet: a pass right away leaves it alone.
        Assert.Equal(0, await deliver.DeliverDueAsync());
        Assert.Equal(1, (await MailTestKit.SingleMessageAsync(host)).Attempts);

        // Still down at the retry: the delay doubles.
        host.Time.Advance(TimeSpan.FromSeconds(6));
        var secondTry = host.Time.GetUtcNow();
        Assert.Equal(0, await deliver.DeliverDueAsync());
        var failedTwice = await MailTestKit.SingleMessageAsync(host);
        Assert.Equal(2, failedTwice.Attempts);
        Assert.InRange(failedTwice.NextAttemptAt, secondTry.AddSeconds(10), secondTry.AddSeconds(11));
        Assert.Equal(2, await MailTestKit.AuditCountAsync(host, AuditKind.MailFailed));
        Assert.Equal(0, await MailTestKit.AuditCountAsync(host, AuditKind.MailSent));

        down.Dispose();
        await using var smtp = await SmtpTestServer.StartAsync(port);
        host.Time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await deliver.DeliverDueAsync());

        var mail = await smtp.WaitForMailToAsync(member.Email);
        Assert.Equal(token, SmtpTestServer.ExtractResetLink(mail).Token);
        var sent = await MailTestKit.SingleMessageAsync(host);
        Assert.Equal(host.Time.GetUtcNow(), sent.SentAt);
        Assert.Equal(3, sent.Attempts);
        Assert.Null(sent.ProtectedTextBody);
        Assert.Equal(1, await MailTestKit.AuditCountAsync(host, AuditKind.MailSent));
    }

    [DatabaseTheory]
    public async Task DeliverDue_AfterRestart_DeliversMailQueuedBeforeIt(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        string email;
        await using (var before = await CoreTestHost.StartAsync(database, smtp.Settings))
        {
            email = (await MailTestKit.ConfirmEmailAsync(before)).Email;

            // The key that protected the body is in the database, not only on this machine's disk.
            await using var keys = before.NewDbContext();
            Assert.NotEmpty(await keys.DataProtectionKeys.ToListAsync());
        }

        Assert.Empty(smtp.Messages);

        // A new process: new service provider, new Data Protection key ring read back from the database.
        await using var after = await CoreTestHost.StartAsync(database, smtp.Settings);
        Assert.Equal(1, await after.Get<DeliverOutbox>().DeliverDueAsync());

        var mail = await smtp.WaitForMailToAsync(email);
        var link = SmtpTestServer.ExtractResetLink(mail);
        await using var db = after.NewDbContext();
        Assert.Equal((await db.RecoveryRequests.SingleAsync()).Id, link.RequestId);
        Assert.NotNull((await db.OutboxMessages.SingleAsync()).SentAt);
    }

    [DatabaseTheory]
    public async Task Claim_MessageAlreadyClaimed_IsNotTakenOrSentAgain(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        var deliver = host.Get<DeliverOutbox>();
        await MailTestKit.QueueResetMailAsync(host);
        var queued = await MailTestKit.SingleMessageAsync(host);
        var until = host.Time.GetUtcNow().AddMinutes(2);

        Assert.True(await deliver.ClaimAsync(queued.Id, queued.NextAttemptAt, until, CancellationToken.None));
        Assert.False(await deliver.ClaimAsync(queued.Id, queued.NextAttemptAt, until, CancellationToken.None));

        // The other node's pass sees nothing due while the claim holds.
        Assert.Equal(0, await deliver.DeliverDueAsync());
        Assert.Empty(smtp.Messages);
        var claimed = await MailTestKit.SingleMessageAsync(host);
        Assert.Equal(until, claimed.NextAttemptAt);
        Assert.Equal(0, claimed.Attempts);
    }

    [DatabaseTheory]
    public async Task DeliverDue_NoSmtpHost_LeavesMessagesUntouched(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Smtp:Host"] = "" });
        await MailTestKit.QueueResetMailAsync(host);

        Assert.Equal(0, await host.Get<DeliverOutbox>().DeliverDueAsync());

        var row = await MailTestKit.SingleMessageAsync(host);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.SentAt);
        Assert.Equal(row.CreatedAt, row.NextAttemptAt);
        Assert.Equal(0, await MailTestKit.AuditCountAsync(host, AuditKind.MailFailed));
    }

    [DatabaseTheory]
    public async Task DeliverDue_FailingUpToMaxAttempts_GivesUpAndErasesBodies(DatabaseProvider provider)
    {
        var settings = SmtpTestServer.SettingsFor(LoopbackPort.Free());
        settings["Smtp:MaxAttempts"] = "2";
        await using var host = await CoreTestHost.StartAsync(provider, settings);
        var deliver = host.Get<DeliverOutbox>();
        await MailTestKit.QueueResetMailAsync(host);

        await deliver.DeliverDueAsync();
        Assert.NotNull((await MailTestKit.SingleMessageAsync(host)).ProtectedTextBody);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await deliver.DeliverDueAsync();

        var abandoned = await MailTestKit.SingleMessageAsync(host);
        Assert.Equal(2, abandoned.Attempts);
        Assert.Null(abandoned.SentAt);
        Assert.Null(abandoned.ProtectedTextBody);
        Assert.Null(abandoned.ProtectedHtmlBody);
        Assert.Equal(DeliverOutbox.Never, abandoned.NextAttemptAt);

        host.Time.Advance(TimeSpan.FromDays(7));
        await deliver.DeliverDueAsync();
        Assert.Equal(2, (await MailTestKit.SingleMessageAsync(host)).Attempts);
        Assert.Equal(2, await MailTestKit.AuditCountAsync(host, AuditKind.MailFailed));
    }

    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(2, 0.0, 10)]
    [InlineData(3, 0.0, 20)]
    [InlineData(8, 0.0, 640)]
    [InlineData(9, 0.0, 900)]
    [InlineData(1000, 0.0, 900)]
    [InlineData(1, 1.0, 5.5)]
    [InlineData(1000, 1.0, 990)]
    public void Backoff_Attempts_DoublesFromFiveSecondsUpToFifteenMinutesPlusJitter(int attempts, double jitter, double expectedSeconds)
    {
        var delay = DeliverOutbox.Backoff(attempts, new SmtpOptions(), jitter);

        Assert.Equal(expectedSeconds, delay.TotalSeconds, precision: 6);
    }
}
