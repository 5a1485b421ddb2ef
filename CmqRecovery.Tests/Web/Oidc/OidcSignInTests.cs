using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>
/// The sign-in page as the authorize endpoint's login page: it names the client, returns into the pending request
/// and nowhere else, and its « Mot de passe oublié? » leads through the recovery back to that request.
/// </summary>
public sealed class OidcSignInTests
{
    private static async Task<(RecoveryWebFactory Factory, OidcHttp Client)> StartAsync(DatabaseProvider provider)
    {
        var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: OidcHttp.Settings());
        return (factory, new OidcHttp(factory.CreateBrowser()));
    }

    private static string SignInWith(string returnUrl) => $"/connexion?ReturnUrl={Uri.EscapeDataString(returnUrl)}";

    [DatabaseTheory]
    [DatabaseData("//evil.example/")]
    [DatabaseData("/\\evil.example/")]
    [DatabaseData("\\\\evil.example/")]
    [DatabaseData("https://evil.example/")]
    [DatabaseData("%2F%2Fevil.example/")]
    [DatabaseData("/%09/evil.example/")] // a path of this site with an encoded tab in it: local, harmless
    [DatabaseData("/\t/evil.example/")]
    public async Task SignIn_ForeignReturnUrl_GoesToTheAccountInstead(DatabaseProvider provider, string returnUrl)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var response = await RecoveryWebFactory.PostFormAsync(client.Browser, SignInWith(returnUrl),
            SignInForm.Fields(DemoMembers.All[0].Email, DemoMembers.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(new Uri("http://localhost/"), response.Headers.Location!);
        Assert.Equal("localhost", target.Host);
        if (!returnUrl.StartsWith("/%", StringComparison.Ordinal))
        {
            Assert.Equal("/mon-compte", target.AbsolutePath);
        }
    }

    [DatabaseTheory]
    public async Task Authorize_SignedOut_SignInPageNamesTheClientAndReturnsIntoTheRequest(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var challenge = await client.Browser.GetAsync(client.AuthorizeUrl());
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var signInPath = challenge.Headers.Location!.PathAndQuery;
        Assert.StartsWith("/connexion?ReturnUrl=%2Fconnect%2Fauthorize%3F", signInPath, StringComparison.Ordinal);
        var page = await client.Browser.GetAsync(signInPath);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Pour continuer vers : Messagerie sécurisée", html, StringComparison.Ordinal);
        Assert.Contains("/connexion/mot-de-passe-oublie?ReturnUrl=%2Fconnect%2Fauthorize%3F", html, StringComparison.Ordinal);
        // The form's redirects lead to the client: its origin, from configuration, is a form action of this page only.
        Assert.Contains("form-action 'self' https://messagerie.test;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var signIn = await RecoveryWebFactory.PostFormAsync(client.Browser, signInPath, SignInForm.Fields(DemoMembers.All[0].Email, DemoMembers.Password));
        var pending = new Uri(new Uri("http://localhost/"), signIn.Headers.Location!).PathAndQuery;
        Assert.StartsWith("/connect/authorize?", pending, StringComparison.Ordinal);
        var back = await client.Browser.GetAsync(pending);

        Assert.StartsWith(OidcHttp.RedirectUri + "?code=", back.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal("etat-123", QueryHelpers.ParseQuery(back.Headers.Location!.Query)["state"].ToString());
    }

    [DatabaseTheory]
    [DatabaseData("/connect/authorize?client_id=inconnue&redirect_uri=https%3A%2F%2Fevil.example%2F")]
    [DatabaseData("/connect/authorize?client_id=%3Cb%3EFaux%3C%2Fb%3E")]
    [DatabaseData("/mon-compte")]
    public async Task SignIn_ReturnUrlOfNoConfiguredClient_NamesNoApplication(DatabaseProvider provider, string returnUrl)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var page = await client.Browser.GetAsync(SignInWith(returnUrl));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.DoesNotContain("Pour continuer vers", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Faux", html, StringComparison.Ordinal);
        Assert.Contains("form-action 'self';", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task ForgotPassword_FromAClientsSignIn_LeadsBackIntoThePendingRequest(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var pending = client.AuthorizeUrl();

        var forgot = await client.Browser.GetAsync($"/connexion/mot-de-passe-oublie?ReturnUrl={Uri.EscapeDataString(pending)}");
        Assert.Equal("/recuperation", forgot.Headers.Location?.OriginalString);
        var resume = await client.Browser.GetAsync("/connexion/reprendre?courriel=marie.tremblay%40example.org");

        Assert.Equal($"/connexion?courriel=marie.tremblay%40example.org&ReturnUrl={Uri.EscapeDataString(pending)}", resume.Headers.Location?.OriginalString);
        // Used once: a later « Se connecter » is a plain sign-in.
        var again = await client.Browser.GetAsync("/connexion/reprendre?courriel=marie.tremblay%40example.org");
        Assert.Equal("/connexion?courriel=marie.tremblay%40example.org", again.Headers.Location?.OriginalString);
    }

    [DatabaseTheory]
    [DatabaseData("//evil.example/")]
    [DatabaseData("/mon-compte")]
    [DatabaseData("/connect/authorize/../../%2F%2Fevil.example")]
    public async Task ForgotPassword_ReturnUrlNotAnAuthorizeRequest_IsNotKept(DatabaseProvider provider, string returnUrl)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var forgot = await client.Browser.GetAsync($"/connexion/mot-de-passe-oublie?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        var resume = await client.Browser.GetAsync("/connexion/reprendre?courriel=marie.tremblay%40example.org");

        Assert.False(forgot.Headers.Contains("Set-Cookie"));
        Assert.Equal("/connexion?courriel=marie.tremblay%40example.org", resume.Headers.Location?.OriginalString);
    }

    [DatabaseTheory]
    public async Task EndSession_RegisteredPostLogoutUri_EndsTheSessionAndReturnsToTheClient(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var idToken = (await client.TokensAsync())["id_token"].GetString()!;

        var end = await client.Browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = OidcHttp.PostLogoutRedirectUri,
            ["state"] = "fin",
        }));

        Assert.StartsWith(OidcHttp.PostLogoutRedirectUri + "?state=fin", end.Headers.Location?.ToString(), StringComparison.Ordinal);
        // The member's session here has ended: the next client's request asks for the password again.
        var next = await client.Browser.GetAsync(client.AuthorizeUrl());
        Assert.StartsWith("/connexion?ReturnUrl=", next.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task EndSession_UnregisteredPostLogoutUri_ShowsThePageAndNeverRedirects(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var idToken = (await client.TokensAsync())["id_token"].GetString()!;

        var end = await client.Browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken,
            ["post_logout_redirect_uri"] = "https://evil.example/",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, end.StatusCode);
        Assert.Null(end.Headers.Location);
    }

    [DatabaseTheory]
    public async Task Authorize_SecondClientWithinTheSession_IssuesACodeWithoutAskingAgain(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();
        Assert.NotNull((await client.AuthorizeAsync()).Code);

        var second = await client.Browser.GetAsync(client.AuthorizeUrl(p =>
        {
            p["client_id"] = OidcHttp.ConfidentialId;
            p["redirect_uri"] = "https://portail.test/signin-oidc";
        }));

        Assert.StartsWith("https://portail.test/signin-oidc?code=", second.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task Authorize_PromptNoneSignedOut_ReturnsLoginRequiredToTheClient(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var response = await client.Browser.GetAsync(client.AuthorizeUrl(p => p["prompt"] = "none"));

        var location = response.Headers.Location?.ToString();
        Assert.StartsWith(OidcHttp.RedirectUri + "?", location, StringComparison.Ordinal);
        Assert.Equal("login_required", QueryHelpers.ParseQuery(new Uri(location!).Query)["error"].ToString());
    }
}
