using System.Net;
using System.Text.Json;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>
/// The member's session as clients see it: how old the sign-in is (<c>auth_time</c>, <c>max_age</c>,
/// <c>prompt=login</c>), and an end-session request without <c>id_token_hint</c>, which the member confirms first.
/// </summary>
public sealed class OidcSessionTests
{
    private static async Task<(RecoveryWebFactory Factory, OidcHttp Client)> StartAsync(DatabaseProvider provider)
    {
        var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: OidcHttp.Settings());
        return (factory, new OidcHttp(factory.CreateBrowser()));
    }

    private static string EndSessionUrl(string? idTokenHint = null) => QueryHelpers.AddQueryString("/connect/endsession",
        new Dictionary<string, string?> { ["post_logout_redirect_uri"] = OidcHttp.PostLogoutRedirectUri, ["state"] = "fin" }
            .Concat(idTokenHint is null ? [] : [new("id_token_hint", idTokenHint)]));

    private static async Task AssertStillSignedInAsync(OidcHttp client) =>
        Assert.NotNull((await client.AuthorizeAsync()).Code);

    private static async Task AssertSignedOutAsync(OidcHttp client)
    {
        var next = await client.Browser.GetAsync(client.AuthorizeUrl());
        Assert.StartsWith("/connexion?ReturnUrl=", next.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task EndSession_WithoutIdTokenHint_AsksFirstAndKeepsTheSession(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();

        var end = await client.Browser.GetAsync(EndSessionUrl());

        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        var page = WebUtility.HtmlDecode(await end.Content.ReadAsStringAsync());
        Assert.Contains("<h1>Voulez-vous vous déconnecter?</h1>", page, StringComparison.Ordinal);
        Assert.Contains(">Oui</button>", page, StringComparison.Ordinal);
        Assert.Contains(">Non</a>", page, StringComparison.Ordinal);
        // Oui's post redirects to the registered post-logout address: allowed as a form action of this page.
        Assert.Contains("form-action 'self' https://messagerie.test;", end.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        await AssertStillSignedInAsync(client);
    }

    [DatabaseTheory]
    public async Task EndSession_WithoutIdTokenHintConfirmed_EndsTheSessionAndReturnsToTheClient(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();
        var confirmation = await client.Browser.GetStringAsync(EndSessionUrl());

        var fields = RecoveryWebFactory.FormFields(confirmation, new Dictionary<string, string>
        {
            ["post_logout_redirect_uri"] = OidcHttp.PostLogoutRedirectUri,
            ["state"] = "fin",
            ["cmq_confirm"] = "1",
        });
        var end = await client.Browser.PostAsync("/connect/endsession", new FormUrlEncodedContent(fields));

        Assert.StartsWith(OidcHttp.PostLogoutRedirectUri + "?state=fin", end.Headers.Location?.ToString(), StringComparison.Ordinal);
        await AssertSignedOutAsync(client);
    }

    [DatabaseTheory]
    public async Task EndSession_ConfirmationWithoutAntiforgeryToken_IsRefusedAndKeepsTheSession(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();
        await client.Browser.GetStringAsync(EndSessionUrl()); // the antiforgery cookie is set; a forged page has no token

        var end = await client.Browser.PostAsync("/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["post_logout_redirect_uri"] = OidcHttp.PostLogoutRedirectUri,
            ["cmq_confirm"] = "1",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, end.StatusCode);
        Assert.Null(end.Headers.Location);
        await AssertStillSignedInAsync(client);
    }

    [DatabaseTheory]
    public async Task EndSession_ValidIdTokenHint_SignsOutWithoutAsking(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var idToken = (await client.TokensAsync())["id_token"].GetString()!;

        var end = await client.Browser.GetAsync(EndSessionUrl(idToken));

        Assert.StartsWith(OidcHttp.PostLogoutRedirectUri + "?state=fin", end.Headers.Location?.ToString(), StringComparison.Ordinal);
        await AssertSignedOutAsync(client);
    }

    [DatabaseTheory]
    public async Task Token_IdToken_CarriesTheSessionsSignInTimeAsAuthTime(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var idToken = (await client.TokensAsync())["id_token"].GetString()!;

        await using var db = factory.NewDbContext();
        var member = DemoMembers.All[0];
        var memberId = await db.Members.Where(m => m.Email == member.Email).Select(m => m.Id).SingleAsync();
        var signedInAt = (await db.SignInSessions.Where(s => s.MemberId == memberId).ToListAsync()).Single().CreatedAt;
        Assert.Equal(signedInAt.ToUnixTimeSeconds(), Payload(idToken).GetProperty("auth_time").GetInt64());
    }

    [DatabaseTheory]
    [DatabaseData("max_age", "0")]
    [DatabaseData("prompt", "login")]
    public async Task Authorize_SignInTooOldOrPromptLogin_AsksForThePasswordAgain(DatabaseProvider provider, string parameter, string value)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();
        Assert.NotNull((await client.AuthorizeAsync(p => p["max_age"] = "3600")).Code);

        var (code, response) = await client.AuthorizeAsync(p => p[parameter] = value);

        Assert.Null(code);
        var signIn = response.Headers.Location?.PathAndQuery;
        Assert.StartsWith("/connexion?ReturnUrl=", signIn, StringComparison.Ordinal);
        // Back from the sign-in page without it, or the member would be asked forever.
        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost/"), signIn).Query)["ReturnUrl"].ToString();
        Assert.DoesNotContain(parameter + "=", returnUrl, StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task Authorize_SignInTooOldWithPromptNone_ReturnsLoginRequiredToTheClient(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();

        var (_, response) = await client.AuthorizeAsync(p =>
        {
            p["max_age"] = "0";
            p["prompt"] = "none";
        });

        var location = response.Headers.Location?.ToString();
        Assert.StartsWith(OidcHttp.RedirectUri + "?", location, StringComparison.Ordinal);
        Assert.Equal("login_required", QueryHelpers.ParseQuery(new Uri(location!).Query)["error"].ToString());
    }

    /// <summary>Reads (never makes) a JWT's payload: the claims the client receives.</summary>
    private static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(WebEncoders.Base64UrlDecode(jwt.Split('.')[1])).RootElement;
}
