using System.Text.RegularExpressions;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>README's path on a fresh machine: no SMTP configured, the mail read and its link clicked in /dev/courriels.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DevMailboxTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Recovery_LinkClickedInDevMailbox_SetsPasswordAndSignsIn()
    {
        await using var session = await BrowserSession.StartAsync(browser, embeddedSmtp: true);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync("54321");
        await ui.AnswerQuestionsAsync();
        await ui.ConfirmEmailAsync(EmailAddress.Mask(Journey.Physician.Email), valid: true);
        await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();

        // The list shows the mail once the outbox has delivered it to the embedded server.
        await ui.Page.GotoAsync("/dev/courriels");
        var subject = ui.Page.GetByRole(AriaRole.Link, new() { Name = Journey.ResetLinkSubject, Exact = true });
        await Expect(subject).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "/dev/courriels (list)");
        await subject.ClickAsync();

        // French part first; the English part below repeats the same link.
        var resetLink = ui.Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"\/reinitialisation\/[0-9a-f]{32}\/") }).First;
        await Expect(resetLink).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "/dev/courriels (one mail)");
        await resetLink.ClickAsync();

        await ui.AnswerQuestionsAsync();
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(Journey.Physician.Email, Journey.NewPassword);
        await ui.Link(ui.Text.SignInLink).ClickAsync();
        await ui.SignInAsync(null, Journey.NewPassword);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }
}
