using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// Issue 17, section 3, in a browser: a stranger with a physician's email and permit number suspends both identifiers
/// and locks sign-in; the physician opens the notice mail, answers, sets a password and signs in. The same stranger's
/// actions on identifiers no member has show the very same pages.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WayBackJourneyTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>Sign-in asks for the captcha from 2 failures and locks at 4 here, instead of 5 and 100.</summary>
    private static readonly Dictionary<string, string?> LowerSignInLimits = new()
    {
        ["SignIn:CaptchaAfterFailures"] = "2",
        ["SignIn:LockAfterFailures"] = "4",
    };

    [BrowserFact]
    public async Task WayBack_StrangerSuspendsBothIdentifiersAndLocksSignIn_MemberGetsBackInFromTheNoticeMail()
    {
        await using var session = await BrowserSession.StartAsync(browser, LowerSignInLimits);
        var member = Journey.Physician;
        var stranger = session.Driver;
        var reports = new List<string>();

        // The stranger's run on identifiers nobody has, then on the member's: page by page, the same visible text.
        var unknownPages = await AttackAsync(stranger, "personne@example.org", "59999", reports);
        var memberPages = await AttackAsync(stranger, member.Email, "54321", reports: null);
        Assert.Equal(unknownPages.Count, memberPages.Count);
        for (var page = 0; page < unknownPages.Count; page++)
        {
            // Whole texts in the message: a list's diff cuts them off before the words that differ.
            Assert.True(unknownPages[page] == memberPages[page], $"Page {page} differs.\n--- unknown identifiers:\n{unknownPages[page]}\n--- the member's:\n{memberPages[page]}");
        }

        // Kept out: the member's own right answers are refused by email and by code, and so is the right password.
        var kept = await session.NewDriverAsync();
        foreach (var identifier in new[] { member.Email, "54321" })
        {
            await kept.OpenRecoveryAsync();
            await kept.IdentifyAsync(identifier);
            await Expect(kept.Heading(kept.Text.Suspended)).ToBeVisibleAsync();
        }

        await kept.Page.GotoAsync("/connexion");
        await kept.SignInAsync(member.Email, DemoMembers.Password);
        if (await kept.CaptchaImage.CountAsync() > 0)
        {
            await kept.Field(kept.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
            await kept.SignInAsync(null, DemoMembers.Password);
        }

        await Expect(kept.Alert(LockedText)).ToBeVisibleAsync();
        await Expect(kept.MyAccountHeading).ToHaveCountAsync(0);

        // The member's mailbox: the suspension notice carries a way back, which leads through the questions to a password.
        var subject = session.App.Services.GetRequiredService<RecoveryMails>().NoticeSubject(MemberNotice.RecoverySuspended);
        var notice = await session.App.Smtp.WaitForMailToAsync(member.Email, subject);
        var link = SmtpTestServer.ExtractResetLink(notice);
        var mailbox = await session.NewDriverAsync();
        await mailbox.OpenLinkAndAnswerAsync(link);
        await mailbox.ChoosePasswordAsync(Journey.NewPassword);
        await mailbox.ExpectDoneAsync(member.Email, Journey.NewPassword);

        // Unlocked: the new password signs in, with no captcha asked.
        await mailbox.Link(mailbox.Text.SignInLink).ClickAsync();
        await mailbox.SignInAsync(member.Email, Journey.NewPassword);
        await Expect(mailbox.MyAccountHeading).ToBeVisibleAsync();

        // And unsuspended: recovery by code reaches the questions again. The unknown identifiers were mailed nothing.
        await kept.OpenRecoveryAsync();
        await kept.IdentifyAsync("54321");
        Assert.Equal(2, (await kept.ShownQuestionsAsync()).Count);
        Assert.DoesNotContain(session.App.Smtp.Messages, m => m.To.Contains("personne@example.org", StringComparison.OrdinalIgnoreCase));

        output.WriteLine($"axe reports: {reports.Count}");
        Assert.True(reports.Count == 0, string.Join("\n\n", reports));
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task WayBack_NoticeLinkOnAPhoneInEnglish_EveryPageFitsAndIsAxeClean()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var member = Journey.Resident;

        // A stranger, elsewhere, fails the member's email five times: suspended, and the notice mail is queued.
        var stranger = await session.NewDriverAsync();
        await stranger.OpenRecoveryAsync();
        await stranger.IdentifyAsync(member.Email);
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await stranger.AnswerQuestionsAsync(correct: false);
            await Expect(stranger.Alert(stranger.Text.AnswersFailed)).ToBeVisibleAsync();
        }

        await stranger.AnswerQuestionsAsync(correct: false);
        await Expect(stranger.Heading(stranger.Text.Suspended)).ToBeVisibleAsync();

        // The member, on a phone in English, meets the suspension, then comes back through the mail's link.
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        await ui.SwitchLanguageAsync(UiText.English);
        await ui.ExpectRecoveryStartAsync();
        await ui.IdentifyAsync(member.Email);
        await Expect(ui.Heading(UiText.English.Suspended)).ToBeVisibleAsync();
        await CheckPhonePageAsync(ui, "recovery suspended (en)");

        var subject = session.App.Services.GetRequiredService<RecoveryMails>().NoticeSubject(MemberNotice.RecoverySuspended);
        var link = SmtpTestServer.ExtractResetLink(await session.App.Smtp.WaitForMailToAsync(member.Email, subject));
        await ui.OpenLinkAsync(link);
        await Expect(ui.Field((await ui.ShownQuestionsAsync())[0])).ToBeVisibleAsync();
        await CheckPhonePageAsync(ui, "the way back's questions (en)");
        await ui.AnswerQuestionsAsync();
        await Expect(ui.Field(UiText.English.NewPassword)).ToBeVisibleAsync();
        await CheckPhonePageAsync(ui, "the way back's new password (en)");
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(member.Email, Journey.NewPassword);
        await CheckPhonePageAsync(ui, "the way back's end (en)");

        await ui.Link(UiText.English.SignInLink).TapAsync();
        await ui.SignInAsync(member.Email, Journey.NewPassword);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }

    private static async Task CheckPhonePageAsync(RecoveryDriver ui, string what)
    {
        await PhoneLayout.AssertFitsAsync(ui.Page, what);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, what);
    }

    private const string LockedText = "Trop de tentatives infructueuses";

    /// <summary>Five wrong pairs for the email, five for the code, wrong passwords (captcha solved) until the lock: the visible text of each page it ends on.</summary>
    private static async Task<List<string>> AttackAsync(RecoveryDriver ui, string email, string code, List<string>? reports)
    {
        var pages = new List<string>();
        foreach (var identifier in new[] { email, code })
        {
            await ui.OpenRecoveryAsync();
            await ui.IdentifyAsync(identifier);
            var questions = await ui.ShownQuestionsAsync();
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await ui.AnswerQuestionsAsync(correct: false);
                await Expect(ui.Alert(ui.Text.AnswersFailed)).ToBeVisibleAsync();
                await Expect(ui.Field(questions[0])).ToBeEmptyAsync();
            }

            await ui.AnswerQuestionsAsync(correct: false);
            await Expect(ui.Heading(ui.Text.Suspended)).ToBeVisibleAsync();
            pages.Add(await MainTextAsync(ui));
            if (reports is not null && await AxeCheck.ReportAsync(ui.Page, "recovery suspended") is { } report)
            {
                reports.Add(report);
            }
        }

        await ui.Page.GotoAsync("/connexion");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            if (await ui.CaptchaImage.CountAsync() > 0)
            {
                await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
            }

            await ui.SignInAsync(attempt == 1 ? email : null, "pas le bon mot de passe");
            await Expect(ui.Alert(attempt < 4 ? ui.Text.SignInRefused : LockedText)).ToBeVisibleAsync();
        }

        pages.Add(await MainTextAsync(ui));
        if (reports is not null && await AxeCheck.ReportAsync(ui.Page, "sign-in locked") is { } locked)
        {
            reports.Add(locked);
        }

        return pages;
    }

    /// <summary>
    /// The text a person reads, line by line. A space at a line's end is the browser's line breaking, which nobody sees
    /// or hears: a run once read « Mot de passe oublié? » with one for the member and without for the unknown
    /// identifiers, every word the same, on the same static page.
    /// </summary>
    private static async Task<string> MainTextAsync(RecoveryDriver ui) =>
        string.Join('\n', (await ui.Page.Locator("main").InnerTextAsync()).Split('\n').Select(line => line.TrimEnd()));
}
