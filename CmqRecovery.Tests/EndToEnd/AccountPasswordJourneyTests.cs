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
    public async Task ChangePassword_FrenchPhone_ThisSessionStaysTheOtherEndsAndTheOldPasswordFails()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        var other = await session.NewDriverAsync();
        var member = Journey.Physician;
        foreach (var each in new[] { ui, other })
        {
            await each.Page.GotoAsync(Routes.SignIn);
            await each.SignInAsync(member.Email, Journey.OldPassword);
            await Expect(each.MyAccountHeading).ToBeVisibleAsync();
        }

        await ui.Page.ReloadAsync();
        await Expect(ui.Page.GetByText("(cette session)")).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "« Mon compte »");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "« Mon compte » at 360 px");

        await ui.Link("Changer mon mot de passe").TapAsync();
        await Expect(ui.Heading("Changer mon mot de passe")).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the password page");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the password page at 360 px");
        await ui.Field("Mot de passe actuel").FillAsync(Journey.OldPassword);
        await ui.Field("Nouveau mot de passe").FillAsync(Journey.NewPassword);
        await ui.Field("Confirmation du nouveau mot de passe").FillAsync(Journey.NewPassword);
        await ui.Button("Changer le mot de passe").TapAsync();
        await Expect(ui.Page.GetByText("Votre mot de passe a été modifié.")).ToBeVisibleAsync();

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
