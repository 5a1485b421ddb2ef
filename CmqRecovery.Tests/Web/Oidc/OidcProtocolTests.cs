using System.Net;
using System.Text.Json;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>
/// The provider's protocol over real HTTP (the app in-process, OpenIddict unmocked), on both databases: what a
/// client may ask for, what it gets, and what an attacker holding a code or a refresh token cannot do with it.
/// </summary>
public sealed class OidcProtocolTests
{
    private static async Task<(RecoveryWebFactory Factory, OidcHttp Client)> StartAsync(DatabaseProvider provider)
    {
        var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: OidcHttp.Settings());
        return (factory, new OidcHttp(factory.CreateBrowser()));
    }

    private static async Task<int> TokenRowsAsync(RecoveryWebFactory factory)
    {
        await using var db = factory.NewDbContext();
        return await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().CountAsync();
    }

    [DatabaseTheory]
    public async Task Discovery_Always_ListsOnlyTheCodeFlowWithS256(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var discovery = await OidcHttp.ReadAsync(await client.Browser.GetAsync("/.well-known/openid-configuration"), HttpStatusCode.OK);

        Assert.Equal(["authorization_code", "refresh_token"], Strings(discovery["grant_types_supported"]));
        Assert.Equal(["code"], Strings(discovery["response_types_supported"]));
        Assert.Equal(["query"], Strings(discovery["response_modes_supported"]));
        Assert.Equal(["S256"], Strings(discovery["code_challenge_methods_supported"]));
        Assert.Equal(["login", "none"], Strings(discovery["prompt_values_supported"]).Order());
        Assert.Contains("cmq_member", Strings(discovery["scopes_supported"]));
        foreach (var endpoint in new[] { "userinfo_endpoint", "end_session_endpoint", "revocation_endpoint", "introspection_endpoint", "jwks_uri" })
        {
            Assert.True(discovery.ContainsKey(endpoint), endpoint);
        }

        var keys = await OidcHttp.ReadAsync(await client.Browser.GetAsync(new Uri(discovery["jwks_uri"].GetString()!).PathAndQuery), HttpStatusCode.OK);
        Assert.NotEmpty(keys["keys"].EnumerateArray());
    }

    [DatabaseTheory]
    public async Task Authorize_WithoutPkce_IssuesNoCode(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();

        var (code, response) = await client.AuthorizeAsync(p =>
        {
            p["code_challenge"] = null;
            p["code_challenge_method"] = null;
        });

        Assert.Null(code);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(0, await TokenRowsAsync(factory));
    }

    [DatabaseTheory]
    public async Task Authorize_PlainCodeChallenge_IssuesNoCode(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();

        var (code, response) = await client.AuthorizeAsync(p =>
        {
            p["code_challenge"] = client.Verifier;
            p["code_challenge_method"] = "plain";
        });

        Assert.Null(code);
        Assert.Null(response.Headers.Location);
        Assert.Equal(0, await TokenRowsAsync(factory));
    }

    [DatabaseTheory]
    [DatabaseData("unknown-client", "https://messagerie.test/signin-oidc", "fr-CA", "pas reconnue par le Collège")]
    [DatabaseData("messagerie", "https://messagerie.test/signin-oidcX", "fr-CA", "pas reconnue par le Collège")]
    [DatabaseData("messagerie", "https://messagerie.test/signin-oid", "en-CA", "not one the Collège recognizes")]
    [DatabaseData("messagerie", "https://evil.example/signin-oidc", "en-CA", "not one the Collège recognizes")]
    public async Task Authorize_UnknownClientOrRedirectUri_ShowsAPageAndNeverRedirects(DatabaseProvider provider, string clientId, string redirectUri, string culture, string text)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();
        client.Browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);

        var (code, response) = await client.AuthorizeAsync(p =>
        {
            p["client_id"] = clientId;
            p["redirect_uri"] = redirectUri;
        });

        Assert.Null(code);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(text, WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains($"lang=\"{culture}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", page, StringComparison.Ordinal);
        Assert.Equal(0, await TokenRowsAsync(factory));
    }

    [DatabaseTheory]
    public async Task Token_CodeAndVerifier_GiveTokensAndTheMembersClaims(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;

        var tokens = await client.TokensAsync();
        var info = await client.UserInfoAsync(tokens["access_token"].GetString()!);

        var marie = DemoMembers.All[0];
        Assert.Equal(marie.DisplayName, info["name"].GetString());
        Assert.Equal(marie.Email, info["email"].GetString());
        Assert.True(info["email_verified"].GetBoolean());
        Assert.Equal("physician", info["cmq_member_kind"].GetString());
        Assert.Equal(marie.UserCode, info["cmq_user_code"].GetString());
        var sub = info["sub"].GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", sub);
        Assert.True(tokens.ContainsKey("refresh_token"));
        Assert.True(tokens.ContainsKey("id_token"));
        Assert.InRange(tokens["expires_in"].GetInt32(), 250, 300); // Oidc:AccessTokenLifetime, 5 minutes
    }

    [DatabaseTheory]
    public async Task Token_WrongVerifier_IsRefused(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();
        var (code, _) = await client.AuthorizeAsync();

        var response = await client.RedeemAsync(code!, OidcHttp.Base64Url(new byte[32]));

        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(response, HttpStatusCode.BadRequest))["error"].GetString());
    }

    [DatabaseTheory]
    public async Task Token_CodeUsedTwice_IsRefusedAndRevokesTheFirstTokens(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        await client.SignInAsync();
        var (code, _) = await client.AuthorizeAsync();
        var first = await OidcHttp.ReadAsync(await client.RedeemAsync(code!), HttpStatusCode.OK);

        var second = await client.RedeemAsync(code!);

        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(second, HttpStatusCode.BadRequest))["error"].GetString());
        var refresh = await client.RefreshAsync(first["refresh_token"].GetString()!);
        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(refresh, HttpStatusCode.BadRequest))["error"].GetString());
    }

    [DatabaseTheory]
    public async Task Refresh_RotatedTokenReused_IsRefusedAndRevokesTheFamily(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var tokens = await client.TokensAsync();
        var original = tokens["refresh_token"].GetString()!;
        var rotated = await OidcHttp.ReadAsync(await client.RefreshAsync(original), HttpStatusCode.OK);
        var next = rotated["refresh_token"].GetString()!;
        Assert.NotEqual(original, next);

        var reuse = await client.RefreshAsync(original);

        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(reuse, HttpStatusCode.BadRequest))["error"].GetString());
        // The thief's reuse also ends the legitimate holder's newer token: the family is revoked.
        var afterTheft = await client.RefreshAsync(next);
        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(afterTheft, HttpStatusCode.BadRequest))["error"].GetString());
    }

    [DatabaseTheory]
    public async Task Refresh_AfterThePasswordChanged_IsRefused(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var tokens = await client.TokensAsync();
        await using (var db = factory.NewDbContext())
        {
            // What SetPassword does to the member's stamp on every password change.
            var email = Member.NormalizeEmail(DemoMembers.All[0].Email);
            await db.Members.Where(m => m.NormalizedEmail == email)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.SecurityStamp, Guid.NewGuid().ToString("N")));
        }

        var refresh = await client.RefreshAsync(tokens["refresh_token"].GetString()!);

        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(refresh, HttpStatusCode.BadRequest))["error"].GetString());
    }

    [DatabaseTheory]
    public async Task Revocation_RefreshToken_CannotBeUsedAfterwards(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var refreshToken = (await client.TokensAsync())["refresh_token"].GetString()!;

        var revoke = await client.Browser.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcHttp.ClientId,
            ["token"] = refreshToken,
            ["token_type_hint"] = "refresh_token",
        }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(await client.RefreshAsync(refreshToken), HttpStatusCode.BadRequest))["error"].GetString());
    }

    [DatabaseTheory]
    public async Task Introspection_ConfidentialClient_SeesAnActiveAccessTokenButAPublicClientMayNotAsk(DatabaseProvider provider)
    {
        var (factory, client) = await StartAsync(provider);
        await using var _ = factory;
        var accessToken = (await client.TokensAsync())["access_token"].GetString()!;

        var confidential = await client.Browser.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcHttp.ConfidentialId,
            ["client_secret"] = OidcHttp.ConfidentialSecret,
            ["token"] = accessToken,
        }));
        var publicClient = await client.Browser.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcHttp.ClientId,
            ["token"] = accessToken,
        }));

        // The token was issued to another client: the confidential one learns only that it is active.
        Assert.True((await OidcHttp.ReadAsync(confidential, HttpStatusCode.OK))["active"].GetBoolean());
        Assert.NotEqual(HttpStatusCode.OK, publicClient.StatusCode);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
