using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// « Mon compte » on a 360 px phone: the password changed knowing the current one; this browser stays signed in,
/// another browser's session is ended, and the old password no longer signs in.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccountPasswordJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public Task ChangePassword_FrenchPhone_ThisSessionStaysTheOtherEndsAndTheOldPasswordFails() => ChangeOnPhoneAsync(UiText.French);

    [BrowserFact]
    public Task ChangePassword_EnglishPhone_ThisSessionStaysTheOtherEndsAndTheOldPasswordFails() => ChangeOnPhoneAsync(UiText.English);

    private async Task ChangeOnPhoneAsync(UiText language)
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        var other = await session.NewDriverAsync();
        var text = AccountText.For(language);
        var member = Journey.Physician;
        await ui.Page.GotoAsync(Routes.SignIn);
        if (language != UiText.French)
        {
            await ui.SwitchLanguageAsync(language);
        }

        await other.Page.GotoAsync(Routes.SignIn);
        foreach (var each in new[] { ui, other })
        {
            await each.SignInAsync(member.Email, Journey.OldPassword);
            await Expect(each.MyAccountHeading).ToBeVisibleAsync();
        }

        await ui.Page.ReloadAsync();
        await Expect(ui.Page.GetByText(text.ThisSession)).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "« Mon compte »");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "« Mon compte » at 360 px");

        await ui.Link(text.ChangePassword).TapAsync();
        await Expect(ui.Heading(text.ChangePassword)).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the password page");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the password page at 360 px");
        await ui.Field(text.CurrentPassword).FillAsync(Journey.OldPassword);
        await ui.Field(text.NewPassword).FillAsync(Journey.NewPassword);
        await ui.Field(text.ConfirmPassword).FillAsync(Journey.NewPassword);
        await ui.Button(text.ChangePasswordButton).TapAsync();
        await Expect(ui.Page.GetByText(text.PasswordChanged)).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the password changed");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the password changed at 360 px");

        // This browser is still signed in; the other one is sent to the sign-in page.
        await ui.Page.GotoAsync(Routes.Account);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        await other.Page.GotoAsync(Routes.Account);
        await Expect(other.Heading(other.Text.SignIn)).ToBeVisibleAsync();
        await other.SignInAsync(member.Email, Journey.OldPassword);
        await Expect(other.Page.GetByText(other.Text.SignInRefused)).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }
}
