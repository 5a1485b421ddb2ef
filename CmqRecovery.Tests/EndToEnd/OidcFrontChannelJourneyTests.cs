using System.Text.RegularExpressions;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// Front-channel logout in Chromium with the platform's own OpenID Connect handler (samples/Messagerie): two clients
/// on the provider's site, signed in by SSO; RP-initiated logout from one ends the other's own cookie through the
/// provider's signed-out page; a front-channel request with another <c>sid</c> or <c>iss</c> ends nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class OidcFrontChannelJourneyTests(BrowserFixture browser)
{
    private static readonly Regex SignInPage = new("/connexion\\?ReturnUrl=");

    [BrowserFact]
    public async Task EndSession_FromOneClient_SignsTheOtherClientOutInThisBrowser()
    {
        var (port, settings) = RelyingParty.Reserve(host: RelyingParty.SameSiteHost);
        var (secondPort, secondSettings) = RelyingParty.Reserve(1, "agenda", "Agenda des formations", RelyingParty.SameSiteHost);
        await using var session = await BrowserSession.StartAsync(browser, settings.Concat(secondSettings).ToDictionary());
        await using var first = await RelyingParty.StartAsync(port, session.App.BaseUrl, host: RelyingParty.SameSiteHost);
        await using var second = await RelyingParty.StartAsync(secondPort, session.App.BaseUrl, "agenda", RelyingParty.SameSiteHost);
        var ui = session.Driver;
        var page = ui.Page;
        await page.GotoAsync(first.BaseUrl + "/");
        await ui.SignInAsync(Journey.Physician.Email, DemoMembers.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, Dre Marie Tremblay" })).ToBeVisibleAsync();
        await page.GotoAsync(second.BaseUrl + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, Dre Marie Tremblay" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();

        // Through the provider's signed-out page (its frames), back to the second client's own signed-out page.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vous êtes déconnecté de la messagerie" })).ToBeVisibleAsync();
        Assert.StartsWith(second.BaseUrl, page.Url, StringComparison.Ordinal);
        // The first client's own cookie ended too: its page sends the member to sign in again.
        await page.GotoAsync(first.BaseUrl + "/");
        await Expect(page).ToHaveURLAsync(SignInPage);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task RemoteSignOut_WithAnotherSidOrIssuer_SignsNobodyOut()
    {
        var (port, settings) = RelyingParty.Reserve(host: RelyingParty.SameSiteHost);
        await using var session = await BrowserSession.StartAsync(browser, settings);
        await using var client = await RelyingParty.StartAsync(port, session.App.BaseUrl, host: RelyingParty.SameSiteHost);
        var ui = session.Driver;
        var page = ui.Page;
        await page.GotoAsync(client.BaseUrl + "/");
        await ui.SignInAsync(Journey.Physician.Email, DemoMembers.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, Dre Marie Tremblay" })).ToBeVisibleAsync();
        await page.GotoAsync(client.BaseUrl + "/session");
        var iss = await page.Locator("#iss").InnerTextAsync();
        var sid = await page.Locator("#sid").InnerTextAsync();
        Assert.Equal(session.App.BaseUrl + "/", iss);
        Assert.NotEmpty(sid);

        // What a page of another site could frame: the right session with another issuer, another session, none.
        // The client's cookie itself is looked at: its page would sign the member in again through the provider.
        foreach (var (forgedIss, forgedSid) in new[] { ("http://autre.test/", sid), (iss, sid + "0"), (iss, "") })
        {
            await page.GotoAsync(RemoteSignOut(client, forgedIss, forgedSid));
            Assert.True(await HasCookieAsync(page), $"signed out by iss={forgedIss} sid={forgedSid}");
        }

        // The same request with the provider's values does end it: the refusals above were the check, not the page.
        await page.GotoAsync(RemoteSignOut(client, iss, sid));
        Assert.False(await HasCookieAsync(page));
        session.AssertNoServerErrors();
    }

    private static async Task<bool> HasCookieAsync(IPage page) =>
        (await page.Context.CookiesAsync()).Any(c => c.Name == RelyingParty.ClientId + ".session");

    private static string RemoteSignOut(RelyingParty client, string iss, string sid) =>
        QueryHelpers.AddQueryString(client.BaseUrl + Messagerie.MessagerieApp.RemoteSignOut, new Dictionary<string, string?> { ["iss"] = iss, ["sid"] = sid });
}
