using System.Net;
using System.Text.Json;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Oidc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>
/// Front-Channel Logout 1.0 over real HTTP: a <c>sid</c> in the id token, stable for the member's session and opaque,
/// and the signed-out page that frames the front-channel logout page of each client the ended session signed in to,
/// with <c>frame-src</c> opened to those origins only. The browser side (the sample's cookie ending) is
/// <c>OidcFrontChannelJourneyTests</c>.
/// </summary>
public sealed class OidcFrontChannelTests
{
    private const string FrontChannelUri = "https://messagerie.test/signout-oidc";

    private static async Task<(RecoveryWebFactory Factory, OidcHttp Client)> StartAsync(DatabaseProvider provider)
    {
        var settings = OidcHttp.Settings();
        settings["Oidc:Clients:0:FrontChannelLogoutUri"] = FrontChannelUri;
        var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: settings);
        return (factory, new OidcHttp(factory.CreateBrowser()));
    }

    private static JsonElement Payload(string jwt) =>
        JsonSerializer.Deserialize<JsonElement>(WebEncoders.Base64UrlDecode(jwt.Split('.')[1]));

    private static string Claim(Dictionary<string, JsonElement> tokens, string claim) =>
        Payload(tokens["id_token"].GetString()!).GetProperty(claim).GetString()!;

    private static string EndSessionUrl(string idTokenHint) => QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
    {
        ["post_logout_redirect_uri"] = OidcHttp.PostLogoutRedirectUri,
        ["state"] = "fin",
        ["id_token_hint"] = idTokenHint,
    });

    private static string Csp(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();

    [DatabaseTheory]
    public async Task Discovery_Always_AdvertisesFrontChannelLogoutWithSid(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var discovery = await OidcHttp.ReadAsync(await client.Browser.GetAsync("/.well-known/openid-configuration"), HttpStatusCode.OK);

        Assert.True(discovery["frontchannel_logout_supported"].GetBoolean());
        Assert.True(discovery["frontchannel_logout_session_supported"].GetBoolean());
    }

    [DatabaseTheory]
    public async Task Token_IdToken_CarriesASidStableForTheSessionAndOpaque(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var first = await client.TokensAsync();

        // A second grant in the same session (SSO), and the refresh of the first: the same sid.
        var (code, _) = await client.AuthorizeAsync();
        var second = await OidcHttp.ReadAsync(await client.RedeemAsync(code!), HttpStatusCode.OK);
        var refreshed = await OidcHttp.ReadAsync(await client.RefreshAsync(first["refresh_token"].GetString()!), HttpStatusCode.OK);
        // Another browser's session: another sid.
        var other = new OidcHttp(factory.CreateBrowser());
        var elsewhere = await other.TokensAsync();

        var sid = Claim(first, "sid");
        Assert.Equal(sid, Claim(second, "sid"));
        Assert.Equal(sid, Claim(refreshed, "sid"));
        Assert.NotEqual(sid, Claim(elsewhere, "sid"));
        await using var db = factory.NewDbContext();
        // Opaque: never the id that names the session in the database (or any part of it).
        foreach (var session in await db.SignInSessions.Select(s => s.Id).ToListAsync())
        {
            Assert.DoesNotContain(session, sid, StringComparison.OrdinalIgnoreCase);
        }
    }

    [DatabaseTheory]
    public async Task EndSession_AfterTheClientSignedIn_FramesItsFrontChannelPageThenGoesOn(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var tokens = await client.TokensAsync();

        var end = await client.Browser.GetAsync(EndSessionUrl(tokens["id_token"].GetString()!));

        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        var page = WebUtility.HtmlDecode(await end.Content.ReadAsStringAsync());
        var frame = QueryHelpers.AddQueryString(FrontChannelUri, new Dictionary<string, string?>
        {
            ["iss"] = Claim(tokens, "iss"),
            ["sid"] = Claim(tokens, "sid"),
        });
        Assert.Contains($"<iframe hidden title=\"Déconnexion de Messagerie sécurisée\" src=\"{frame}\"></iframe>", page, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<iframe"));
        Assert.Contains($"<a id=\"cmq-continue\" href=\"{OidcHttp.PostLogoutRedirectUri}?state=fin\">", page, StringComparison.Ordinal);
        Assert.Contains($"content=\"5;url={OidcHttp.PostLogoutRedirectUri}?state=fin\"", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/js/signed-out.js\"></script>", page, StringComparison.Ordinal);
        // The frames' origin, and nothing else, on this page only; no inline script is needed.
        Assert.Contains("frame-src https://messagerie.test;", Csp(end), StringComparison.Ordinal);
        Assert.DoesNotContain("frame-src 'self'", Csp(end), StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", Csp(end), StringComparison.Ordinal);
        var next = await client.Browser.GetAsync(client.AuthorizeUrl());
        Assert.StartsWith("/connexion?ReturnUrl=", next.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("frame-src 'self';", Csp(await client.Browser.GetAsync("/connexion")), StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task EndSession_SessionThatSignedInToNoClient_RedirectsWithoutFrames(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var tokens = await client.TokensAsync();
        // Another browser, signed in here but to no client, ends its session with the first one's hint.
        var other = new OidcHttp(factory.CreateBrowser());
        await other.SignInAsync();

        var end = await other.Browser.GetAsync(EndSessionUrl(tokens["id_token"].GetString()!));

        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);
        Assert.StartsWith(OidcHttp.PostLogoutRedirectUri + "?state=fin", end.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Contains("frame-src 'self';", Csp(end), StringComparison.Ordinal);
        // The first browser's session, and its client, are untouched.
        Assert.NotNull((await client.AuthorizeAsync()).Code);
    }

    [DatabaseTheory]
    public async Task SignOut_FromMonCompteAfterAClientSignedIn_FramesTheClientThenGoesToSignIn(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var tokens = await client.TokensAsync();

        var signOut = await RecoveryWebFactory.PostFormAsync(client.Browser, "/mon-compte", new Dictionary<string, string>(), "/deconnexion");

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        var page = WebUtility.HtmlDecode(await signOut.Content.ReadAsStringAsync());
        Assert.Contains($"sid={Claim(tokens, "sid")}\"", page, StringComparison.Ordinal);
        Assert.Contains("<a id=\"cmq-continue\" href=\"/connexion\">", page, StringComparison.Ordinal);
        var next = await client.Browser.GetAsync(client.AuthorizeUrl());
        Assert.StartsWith("/connexion?ReturnUrl=", next.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task ChangePassword_AfterAClientSignedIn_FramesTheClientOnTheDonePage(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var tokens = await client.TokensAsync();

        var done = await ChangePasswordAsync(client, DemoMembers.Password);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var page = WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync());
        Assert.Contains("role=\"status\"", page, StringComparison.Ordinal);
        Assert.Contains($"src=\"{FrontChannelUri}?iss={Uri.EscapeDataString(Claim(tokens, "iss"))}&sid={Claim(tokens, "sid")}\"", page, StringComparison.Ordinal);
        Assert.Contains("frame-src https://messagerie.test;", Csp(done), StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task ChangePassword_WrongCurrentPassword_FramesNothing(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.TokensAsync();

        var refused = await ChangePasswordAsync(client, "pas le bon mot de passe");

        Assert.DoesNotContain("<iframe", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("frame-src 'self';", Csp(refused), StringComparison.Ordinal);
        Assert.NotNull((await client.AuthorizeAsync()).Code);
    }

    private static Task<HttpResponseMessage> ChangePasswordAsync(OidcHttp client, string current) =>
        RecoveryWebFactory.PostFormAsync(client.Browser, "/mon-compte/mot-de-passe", new Dictionary<string, string>
        {
            ["Input.Current"] = current,
            ["Input.Password"] = "Érable-sucré-Tadoussac-2026",
            ["Input.Confirmation"] = "Érable-sucré-Tadoussac-2026",
        });

    [DatabaseTheory]
    public async Task SignOut_ForgedWithoutAntiforgeryToken_FramesNothingAndKeepsTheSession(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.TokensAsync();

        var signOut = await client.Browser.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.DoesNotContain("<iframe", await signOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull((await client.AuthorizeAsync()).Code);
    }

    [Theory]
    [InlineData("https://ailleurs.test/signout-oidc")]
    [InlineData("http://messagerie.test/signout-oidc")]
    [InlineData("https://messagerie.test/signout-oidc#x")]
    [InlineData("javascript:alert(1)")]
    public void Validate_FrontChannelLogoutUriOffTheClientsOrigin_FailsNamingIt(string uri)
    {
        var options = new OidcOptions
        {
            Clients = [new OidcClient { ClientId = "x", DisplayName = "X", RedirectUris = ["https://messagerie.test/signin-oidc"], FrontChannelLogoutUri = uri }],
        };

        var result = new OidcOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Oidc:Clients:0:FrontChannelLogoutUri", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FrontChannelLogoutUriOnARedirectUrisOrigin_Succeeds()
    {
        var options = new OidcOptions
        {
            Clients = [new OidcClient { ClientId = "x", DisplayName = "X", RedirectUris = ["https://messagerie.test/signin-oidc"], FrontChannelLogoutUri = FrontChannelUri }],
        };

        Assert.True(new OidcOptionsValidator().Validate(null, options).Succeeded);
    }
}
