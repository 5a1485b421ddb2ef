using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// A client application signs a member in through the provider, in Chromium, with the platform's real OpenID Connect
/// handler: the app's own sign-in page, back in the client with the member's name, refresh tokens that rotate and a
/// reused one that ends the family, and RP-initiated logout that ends the session here too.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OidcJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task CodeFlow_SignInRefreshReplayAndLogout_WorkThroughTheRealClient()
    {
        var (port, settings) = RelyingParty.Reserve();
        await using var session = await BrowserSession.StartAsync(browser, settings);
        await using var client = await RelyingParty.StartAsync(port, session.App.BaseUrl);
        var ui = session.Driver;
        var page = ui.Page;

        await page.GotoAsync(client.BaseUrl + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion\\?ReturnUrl="));
        await Expect(page.GetByText("Pour continuer vers : Messagerie sécurisée")).ToBeVisibleAsync();
        await ui.SignInAsync(Journey.Physician.Email, DemoMembers.Password);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, Dre Marie Tremblay" })).ToBeVisibleAsync();
        await Expect(page.Locator("#kind")).ToHaveTextAsync("physician");
        await Expect(page.Locator("#code")).ToHaveTextAsync(Journey.Physician.UserCode);
        Assert.StartsWith(client.BaseUrl, page.Url, StringComparison.Ordinal);

        await page.GotoAsync(client.BaseUrl + "/rafraichir");
        await Expect(page.Locator("#result")).ToHaveTextAsync("rotated");
        await page.GotoAsync(client.BaseUrl + "/rejouer");
        await Expect(page.Locator("#result")).ToHaveTextAsync("invalid_grant");
        // The reuse revoked the whole family: the client's current refresh token is refused too.
        await page.GotoAsync(client.BaseUrl + "/rafraichir");
        await Expect(page.Locator("#result")).ToHaveTextAsync("invalid_grant");

        await page.GotoAsync(client.BaseUrl + "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vous êtes déconnecté de la messagerie" })).ToBeVisibleAsync();

        // The provider's session ended too: the client's next sign-in asks for the password again.
        await page.GotoAsync(client.BaseUrl + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion\\?ReturnUrl="));
        await Expect(ui.Field(ui.Text.Password)).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }
}
