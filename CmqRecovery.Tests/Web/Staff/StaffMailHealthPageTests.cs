using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>« État des courriels » over HTTP: no address or body shown; a resend with a reason is audited once, without one nothing happens.</summary>
public sealed class StaffMailHealthPageTests
{
    private const string Path = "/soutien/courriels";

    private static async Task<OutboxMessage> AbandonedAsync(RecoveryWebFactory factory, string kind)
    {
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        await using var db = factory.NewDbContext();
        var message = factory.Services.GetRequiredService<MailOutbox>().Prepare(kind, member.Email, new MailContent("s", "Corps secret", "<p>Corps secret</p>"), member.Id);
        message.NextAttemptAt = DeliverOutbox.Never;
        message.ProtectedTextBody = message.ProtectedHtmlBody = null;
        message.Attempts = 4;
        message.LastError = $"550 5.1.1 <{member.Email}>: unknown";
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    private static Task<HttpResponseMessage> ResendAsync(HttpClient agent, Guid mailId, string? reason)
    {
        var fields = new Dictionary<string, string> { ["Resend.MailId"] = mailId.ToString() };
        if (reason is not null)
        {
            fields["Resend.Reason"] = reason;
        }

        return RecoveryWebFactory.PostFormAsync(agent, Path, fields);
    }

    [DatabaseTheory]
    public async Task Get_AbandonedMail_ShowsTheCountsAndTheRowWithoutAddressOrBody(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var abandoned = await AbandonedAsync(factory, MailKinds.QuestionsChanged);

        var page = WebUtility.HtmlDecode(await agent.GetStringAsync(Path));

        Assert.Contains("Abandonnés : 1.", page);
        Assert.Contains("Erreur : 550 5.1.1 <[address]>: unknown", page);
        Assert.Contains($"<option value=\"{abandoned.Id}\">Avis : questions modifiées, ", page);
        Assert.DoesNotContain("questions-changed", page);
        Assert.DoesNotContain(abandoned.To, page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(abandoned.To.Split('@')[0], page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Corps secret", page);
    }

    [DatabaseTheory]
    public async Task Get_InEnglish_ShowsTheKindInEnglishWordsNotItsCode(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        agent.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-CA");
        var abandoned = await AbandonedAsync(factory, MailKinds.SuspensionLifted);

        var page = WebUtility.HtmlDecode(await agent.GetStringAsync(Path));

        Assert.Contains("Notice: suspension lifted, created ", page);
        Assert.Contains($"<option value=\"{abandoned.Id}\">Notice: suspension lifted, ", page);
        Assert.DoesNotContain("Avis : suspension levée", page);
        Assert.DoesNotContain(MailKinds.SuspensionLifted, page);
    }

    [DatabaseTheory]
    public async Task Resend_WithReason_QueuedAgainAndAuditedOnce(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent, "superviseur2");
        var abandoned = await AbandonedAsync(factory, MailKinds.PasswordChanged);

        var response = await ResendAsync(agent, abandoned.Id, "MailProblem");

        Assert.Contains("Le courriel est renvoyé au membre.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = factory.NewDbContext();
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffMailResent).ToListAsync());
        Assert.Equal((abandoned.MemberId, "superviseur2", "MailProblem"), (row.MemberId, row.StaffId, row.StaffReason));
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == MailKinds.PasswordChanged && m.MemberId == abandoned.MemberId));
    }

    [DatabaseTheory]
    public async Task Resend_NoReasonOrAResetLink_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var notice = await AbandonedAsync(factory, MailKinds.PasswordChanged);
        var resetLink = await AbandonedAsync(factory, MailKinds.ResetLink);

        var noReason = WebUtility.HtmlDecode(await (await ResendAsync(agent, notice.Id, null)).Content.ReadAsStringAsync());
        var link = WebUtility.HtmlDecode(await (await ResendAsync(agent, resetLink.Id, "MailProblem")).Content.ReadAsStringAsync());

        Assert.Contains("Choisissez la raison.", noReason);
        Assert.Contains("Ce courriel ne peut pas être renvoyé.", link);
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffMailResent));
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.MemberId == notice.MemberId));
    }

    [DatabaseTheory]
    public async Task Close_WithReason_ClosedAuditedOnceAndNoLongerListed(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var abandoned = await AbandonedAsync(factory, MailKinds.ResetLink); // not resendable, yet closable

        var noReason = WebUtility.HtmlDecode(await (await CloseAsync(agent, abandoned.Id, null)).Content.ReadAsStringAsync());
        await using (var db = factory.NewDbContext())
        {
            Assert.Contains("Choisissez la raison.", noReason);
            Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffMailClosed));
        }

        var page = WebUtility.HtmlDecode(await (await CloseAsync(agent, abandoned.Id, "MailProblem")).Content.ReadAsStringAsync());

        Assert.Contains("Le courriel est fermé : il ne sera plus proposé.", page);
        Assert.Contains("Abandonnés : 0.", page);
        Assert.DoesNotContain($"<option value=\"{abandoned.Id}\">", page);
        await using var check = factory.NewDbContext();
        var row = Assert.Single(await check.AuditEvents.Where(e => e.Kind == AuditKind.StaffMailClosed).ToListAsync());
        Assert.Equal((abandoned.MemberId, "agent1", "MailProblem"), (row.MemberId, row.StaffId, row.StaffReason));
        Assert.NotNull((await check.OutboxMessages.SingleAsync(m => m.Id == abandoned.Id)).ClosedAt);
        Assert.Equal(1, await check.OutboxMessages.CountAsync()); // nothing sent
    }

    private static async Task<HttpResponseMessage> CloseAsync(HttpClient agent, Guid mailId, string? reason)
    {
        var fields = new Dictionary<string, string> { ["Close.MailId"] = mailId.ToString() };
        if (reason is not null)
        {
            fields["Close.Reason"] = reason;
        }

        // The page's second form: its own name, the page's antiforgery token.
        var form = await RecoveryWebFactory.FormFieldsAsync(agent, Path, fields);
        form["_handler"] = "close-abandoned";
        return await agent.PostAsync(Path, new FormUrlEncodedContent(form));
    }
}
