using System.Net;
using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Pages;
using CmqRecovery.Web.Dev;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using CmqRecovery.Web.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web;

/// <summary>
/// One source per fact: with the support phone, the suspension's length and the link's lifetime set to values no text
/// would hold by chance, every page and every mail shows those values and never the defaults.
/// </summary>
internal static class UnusualSettings
{
    public const string Phone = "1 877 555-0199";

    public static Dictionary<string, string?> Values { get; } = new()
    {
        ["Recovery:SupportPhone"] = Phone,
        ["Recovery:SuspensionDuration"] = "07:00:00",
        ["Recovery:LinkLifetime"] = "00:45:00",
        ["Recovery:NoticeLinkLifetime"] = "19:00:00",
        // The sign-in notice quotes its own window and lock: away from 24 hours too, so "24" can show nowhere.
        ["SignIn:FailureWindow"] = "09:00:00",
        ["SignIn:LockDuration"] = "05:00:00",
    };

    /// <summary>What the defaults would have put in a text.</summary>
    public static readonly string[] Defaults = ["514 933-4325", "514-933-4325", "24 heures", "24 hours", "30 minutes"];

    public static void AssertNoDefault(string text)
    {
        foreach (var value in Defaults)
        {
            Assert.DoesNotContain(value, text);
        }
    }
}

public abstract class UnusualSettingsPageTests : WebComponentTest
{
    protected override IDictionary<string, string?>? HostSettings => UnusualSettings.Values;

    [DatabaseTheory]
    [InlineData("fr-CA", "7 heures", "45 minutes")]
    [InlineData("en-CA", "7 hours", "45 minutes")]
    public async Task EveryPage_UnusualSettings_ShowsThemAndNoDefault(string culture, string suspension, string lifetime)
    {
        UseCulture(culture);
        var pages = new List<string>();

        pages.Add(Context.Render<RecoveryPage>().Markup);
        Assert.Contains(UnusualSettings.Phone, pages[^1]);
        pages.Add(Context.Render<MailSentStep>().Markup);
        Assert.Contains(lifetime, pages[^1]);
        var disputed = Context.Render<DisputedStep>();
        pages.Add(disputed.Markup);
        Assert.Contains(UnusualSettings.Phone, disputed.Find(".support-phone a").TextContent);
        Assert.Equal("tel:+1-877-555-0199", disputed.Find(".support-phone a").GetAttribute("href"));
        pages.Add(Context.Render<SuspendedStep>().Markup);
        Assert.Contains(suspension, pages[^1]);
        Assert.Contains(UnusualSettings.Phone, pages[^1]);
        var unexpected = Context.Services.GetRequiredService<SettingTexts>().UnexpectedError;
        pages.Add(unexpected);
        Assert.Contains(UnusualSettings.Phone, unexpected);

        // The rest of the wizard, which quotes no setting, must not quote a default either.
        var marie = await AddMarieAsync();
        pages.Add(Context.Render<IdentifyStep>().Markup);
        State.GoTo(StepTable.Questions, (await RecoverySteps.IdentifyAsync(Host, marie.Email)).Value!);
        pages.Add(Context.Render<QuestionsStep>().Markup);
        State.GoTo(StepTable.ConfirmEmail, await Host.VerifiedIdentityAsync(marie));
        pages.Add(Context.Render<ConfirmEmailStep>().Markup);
        pages.Add(Context.Render<LinkInvalidStep>().Markup);
        pages.Add(Context.Render<NewPasswordStep>().Markup);
        State.GoTo(StepTable.Done, marie.Email);
        pages.Add(Context.Render<DoneStep>().Markup);

        foreach (var page in pages)
        {
            UnusualSettings.AssertNoDefault(WebUtility.HtmlDecode(page));
        }
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class UnusualSettingsPageTestsOnSqlite : UnusualSettingsPageTests;

public sealed class UnusualSettingsMailTests
{
    [Fact]
    public async Task EveryMail_UnusualSettings_QuotesThemAndNoDefault()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(
            DatabaseProvider.Sqlite, new Dictionary<string, string?>(smtp.Settings.Concat(UnusualSettings.Values)));
        var mails = host.Get<RecoveryMails>();

        // The reset link, then the notice that the password changed, through the use cases and a real SMTP server.
        var member = await MailTestKit.ConfirmEmailAsync(host);
        await host.Get<DeliverOutbox>().DeliverDueAsync();
        var reset = await smtp.WaitForMailToAsync(member.Email, mails.ResetLinkSubject);
        var link = SmtpTestServer.ExtractResetLink(reset);
        var authorization = await host.ResetAuthorizationAsync(link.RequestId, link.Token);
        const string password = "Ornithorynque-Violet-Soupir-42";
        Assert.True((await host.Get<SetPassword>().ExecuteAsync(authorization, password, password, MailTestKit.Client)).Passed);
        foreach (var notice in Enum.GetValues<MemberNotice>())
        {
            await host.Get<NotifyMember>().ExecuteAsync(member.Id, notice);
        }

        await host.Get<DeliverOutbox>().DeliverDueAsync();
        var received = new List<ReceivedMail> { reset, await smtp.WaitForMailToAsync(member.Email, mails.PasswordChangedSubject) };
        foreach (var notice in Enum.GetValues<MemberNotice>())
        {
            received.Add(await smtp.WaitForMailToAsync(member.Email, mails.NoticeSubject(notice)));
        }

        Assert.Contains("45 minutes", reset.Text);
        var suspended = received.Single(m => m.Subject == mails.NoticeSubject(MemberNotice.RecoverySuspended));
        Assert.Contains("7 heures", suspended.Text);
        Assert.Contains("7 hours", suspended.Text);
        Assert.Contains("19 heures", suspended.Text); // the way-back link's own lifetime
        Assert.Contains("19 hours", suspended.Text);
        foreach (var mail in received)
        {
            foreach (var body in new[] { mail.Text ?? string.Empty, WebUtility.HtmlDecode(mail.Html ?? string.Empty) })
            {
                Assert.Contains(UnusualSettings.Phone, body);
                UnusualSettings.AssertNoDefault(body);
            }
        }
    }
}
