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

    [BrowserFact]
    public async Task ForgotPassword_FromTheClientsSignIn_RecoveryLeadsBackIntoTheClient()
    {
        var (port, settings) = RelyingParty.Reserve();
        await using var session = await BrowserSession.StartAsync(browser, settings);
        await using var client = await RelyingParty.StartAsync(port, session.App.BaseUrl);
        var ui = session.Driver;
        var member = Journey.Physician;

        await ui.Page.GotoAsync(client.BaseUrl + "/");
        await Expect(ui.Page.GetByText("Pour continuer vers : Messagerie sécurisée")).ToBeVisibleAsync();
        await ui.Link(ui.Text.ForgotPassword).ClickAsync();
        await ui.ExpectRecoveryStartAsync();
        var link = await ui.RequestResetLinkAsync(member.Email, member.Email);

        // The mailed link, in a new tab of the same browser, as a mail client opens it.
        var tab = new RecoveryDriver(await ui.Page.Context.NewPageAsync(), session.App, ui.Text);
        await tab.OpenLinkAndAnswerAsync(link);
        await tab.ChoosePasswordAsync(Journey.NewPassword);
        await tab.ExpectDoneAsync(member.Email, Journey.NewPassword);

        // « Se connecter »: the sign-in page again, for the same client, and nobody signed in automatically.
        await tab.Link(tab.Text.SignInLink).ClickAsync();
        await Expect(tab.Page.GetByText("Pour continuer vers : Messagerie sécurisée")).ToBeVisibleAsync();
        await Expect(tab.Field(tab.Text.Email)).ToHaveValueAsync(member.Email);
        await tab.SignInAsync(null, Journey.NewPassword);

        await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, Dre Marie Tremblay" })).ToBeVisibleAsync();
        Assert.StartsWith(client.BaseUrl, tab.Page.Url, StringComparison.Ordinal);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task SingleSignOn_SecondSampleClient_SignsInWithoutAPasswordPrompt()
    {
        var (port, settings) = RelyingParty.Reserve();
        var (secondPort, secondSettings) = RelyingParty.Reserve(1, "agenda", "Agenda des formations");
        await using var session = await BrowserSession.StartAsync(browser, settings.Concat(secondSettings).ToDictionary());
        await using var first = await RelyingParty.StartAsync(port, session.App.BaseUrl);
        await using var second = await RelyingParty.StartAsync(secondPort, session.App.BaseUrl, "agenda");
        var ui = session.Driver;
        var page = ui.Page;

        await page.GotoAsync(first.BaseUrl + "/");
        await ui.SignInAsync(Journey.Physician.Email, DemoMembers.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, Dre Marie Tremblay" })).ToBeVisibleAsync();
        var subject = await page.Locator("#sub").InnerTextAsync();

        // The second application: straight back with the member's name, no sign-in page in between.
        await page.GotoAsync(second.BaseUrl + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, Dre Marie Tremblay" })).ToBeVisibleAsync();
        Assert.StartsWith(second.BaseUrl, page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#sub")).ToHaveTextAsync(subject);

        // RP-initiated logout from the second ends the provider's session: the first client's next sign-in asks again.
        // (Its own cookie is dropped here: these clients are on another site than the provider, with no front-channel
        // logout page registered, so it outlives the provider's session until it expires; the same-site case with
        // front-channel logout is OidcFrontChannelJourneyTests; docs/OIDC.md.)
        await page.GotoAsync(second.BaseUrl + "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vous êtes déconnecté de la messagerie" })).ToBeVisibleAsync();
        await page.Context.ClearCookiesAsync(new() { Name = "messagerie.session" });
        await page.GotoAsync(first.BaseUrl + "/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/connexion\\?ReturnUrl="));
        session.AssertNoServerErrors();
    }
}
