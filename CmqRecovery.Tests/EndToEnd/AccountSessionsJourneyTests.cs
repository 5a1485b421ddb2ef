using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// « Mon compte »'s sessions and recent activity on a 360 px phone, in French and in English: each session named by
/// its browser and system, « Fermer » tapped on the other one ends it (that browser is sent to sign in), and the
/// activity lists the sign-ins and the sessions ended. Axe-clean and without overflow before and after.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccountSessionsJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public Task EndSession_FrenchPhone_EndsTheOtherBrowserAndTheActivitySaysSo() => EndOnPhoneAsync(UiText.French);

    [BrowserFact]
    public Task EndSession_EnglishPhone_EndsTheOtherBrowserAndTheActivitySaysSo() => EndOnPhoneAsync(UiText.English);

    private async Task EndOnPhoneAsync(UiText language)
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        var other = await session.NewDriverAsync();
        var text = AccountText.For(language);
        var member = Journey.Physician;
        await other.Page.GotoAsync(Routes.SignIn);
        await other.SignInAsync(member.Email, Journey.OldPassword);
        await Expect(other.MyAccountHeading).ToBeVisibleAsync();
        await ui.Page.GotoAsync(Routes.SignIn);
        if (language != UiText.French)
        {
            await ui.SwitchLanguageAsync(language);
        }

        await ui.SignInAsync(member.Email, Journey.OldPassword);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();

        var sessions = ui.Page.Locator("#sessions > li");
        await Expect(sessions).ToHaveCountAsync(2);
        await Expect(sessions.First).ToContainTextAsync(text.ThisSession);
        // Chromium says "Chrome" and "Linux" in its User-Agent, headless or not.
        await Expect(sessions.Filter(new() { HasText = text.Device })).ToHaveCountAsync(2);
        await Expect(ui.Page.Locator("#activity > li").Filter(new() { HasText = text.ActivitySignIn })).ToHaveCountAsync(2);
        await PhoneLayout.AssertFitsAsync(ui.Page, "« Mon compte »'s sessions");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "« Mon compte »'s sessions at 360 px");

        await sessions.Nth(1).GetByRole(AriaRole.Button).TapAsync();

        await Expect(ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = text.SessionsEnded })).ToBeVisibleAsync();
        await Expect(sessions).ToHaveCountAsync(1);
        await Expect(ui.Page.Locator("#activity > li").Filter(new() { HasText = text.ActivitySessionsEnded })).ToHaveCountAsync(1);
        await PhoneLayout.AssertFitsAsync(ui.Page, "« Mon compte » after « Fermer »");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "« Mon compte » after « Fermer » at 360 px");
        await other.Page.GotoAsync(Routes.Account);
        await Expect(other.Heading(other.Text.SignIn)).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }
}
