using CmqRecovery.Core.Audit;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>The mailed link (procedure steps 5 to 7): used, expired, superseded, and opened in another browser.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ResetLinkTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task OpenLink_AlreadyUsed_ShowsInvalidLinkPage()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var link = await ui.RequestResetLinkAsync("54321", Journey.Physician.Email);
        await ui.OpenLinkAndAnswerAsync(link);
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(Journey.Physician.Email, Journey.NewPassword);

        await ui.OpenLinkAsync(link);
        await ui.ExpectLinkInvalidAsync();
        await AssertAuditedAsync(session.App, AuditKind.LinkReused);

        // The way back leads to a fresh step 1.
        await ui.Link(ui.Text.BackToRecovery).ClickAsync();
        await ui.ExpectRecoveryStartAsync();
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task OpenLink_AfterLifetime_ShowsInvalidLinkPage()
    {
        // The app's clock is fake: the link ages 30 minutes and one second without the test waiting for it.
        await using var session = await BrowserSession.StartAsync(browser, fakeClock: true);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var link = await ui.RequestResetLinkAsync("R12345", Journey.Resident.Email);

        session.App.Clock!.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));
        await ui.OpenLinkAsync(link);

        await ui.ExpectLinkInvalidAsync();
        await AssertAuditedAsync(session.App, AuditKind.LinkExpired);
        await using var db = session.App.NewDbContext();
        Assert.Null((await db.RecoveryRequests.SingleAsync()).ConsumedAt);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task OpenLink_SupersededByNewerRequest_ShowsInvalidLinkPageAndNewerLinkWorks()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var first = await ui.RequestResetLinkAsync("E12342012", Journey.Student.Email);
        await ui.OpenRecoveryAsync();
        var second = await ui.RequestResetLinkAsync("chloe.roy@example.org", Journey.Student.Email);
        Assert.NotEqual(first.RequestId, second.RequestId);

        await ui.OpenLinkAsync(first);
        await ui.ExpectLinkInvalidAsync();
        await AssertAuditedAsync(session.App, AuditKind.LinkSuperseded);

        await ui.OpenLinkAndAnswerAsync(second);
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(Journey.Student.Email, Journey.NewPassword);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task OpenLink_InSecondBrowserWhileFirstTabOpen_CompletesInItsOwnCircuit()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var first = session.Driver;
        await first.OpenRecoveryAsync();
        var link = await first.RequestResetLinkAsync("50012345", Journey.Other.Email);
        await Expect(first.Heading(first.Text.MailSent)).ToBeVisibleAsync();

        // Another browser (no shared cookies or circuit) opens the link: its state comes from the link alone.
        var second = await session.NewDriverAsync();
        await second.OpenLinkAndAnswerAsync(link);
        await second.ChoosePasswordAsync(Journey.NewPassword);
        await second.ExpectDoneAsync(Journey.Other.Email, Journey.NewPassword);
        await session.App.Smtp.WaitForMailToAsync(Journey.Other.Email, Journey.PasswordChangedSubject);

        // The first tab is untouched: still its own step, nothing of the other circuit, no reconnect dialog.
        await Expect(first.Heading(first.Text.MailSent)).ToBeVisibleAsync();
        await Expect(first.Heading(first.Text.Done)).ToHaveCountAsync(0);
        await Expect(first.Page.GetByRole(Microsoft.Playwright.AriaRole.Dialog)).ToHaveCountAsync(0);
        session.AssertNoServerErrors();
    }

    private static async Task AssertAuditedAsync(RunningApp app, AuditKind kind)
    {
        await using var db = app.NewDbContext();
        Assert.Contains(kind, await db.AuditEvents.Select(e => e.Kind).ToListAsync());
    }
}
