using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>
/// A client application speaking the protocol by hand over HTTP, against the app in-process: the requests a relying
/// party sends, with a real PKCE pair, so each test can bend one parameter. The browser journey uses the platform's
/// own OpenID Connect handler instead (OidcJourneyTests).
/// </summary>
public sealed class OidcHttp(HttpClient browser)
{
    public const string ClientId = "messagerie";
    public const string DisplayName = "Messagerie sécurisée";
    public const string RedirectUri = "https://messagerie.test/signin-oidc";
    public const string PostLogoutRedirectUri = "https://messagerie.test/signout-callback-oidc";
    public const string ConfidentialId = "portail";
    public const string ConfidentialSecret = "secret-du-portail-de-test-2026";

    public static Dictionary<string, string?> Settings(string redirectUri = RedirectUri, string postLogoutRedirectUri = PostLogoutRedirectUri) => new()
    {
        ["Oidc:Clients:0:ClientId"] = ClientId,
        ["Oidc:Clients:0:DisplayName"] = DisplayName,
        ["Oidc:Clients:0:RedirectUris:0"] = redirectUri,
        ["Oidc:Clients:0:PostLogoutRedirectUris:0"] = postLogoutRedirectUri,
        ["Oidc:Clients:1:ClientId"] = ConfidentialId,
        ["Oidc:Clients:1:DisplayName"] = "Portail",
        ["Oidc:Clients:1:RedirectUris:0"] = "https://portail.test/signin-oidc",
        ["Oidc:Clients:1:ClientSecret"] = ConfidentialSecret,
    };

    public HttpClient Browser { get; } = browser;

    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Challenge => Base64Url(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Verifier)));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The authorize request's address; <paramref name="change"/> edits its parameters (null removes one).</summary>
    public string AuthorizeUrl(Action<Dictionary<string, string?>>? change = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile email cmq_member offline_access",
            ["state"] = "etat-123",
            ["nonce"] = "nonce-456",
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = "S256",
        };
        change?.Invoke(parameters);
        return QueryHelpers.AddQueryString("/connect/authorize", parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    public async Task SignInAsync(int member = 0)
    {
        var response = await RecoveryWebFactory.PostFormAsync(Browser, "/connexion", SignInForm.Fields(DemoMembers.All[member].Email, DemoMembers.Password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>A signed-in member's authorize request: the code from the redirect to the client, or null and the response.</summary>
    public async Task<(string? Code, HttpResponseMessage Response)> AuthorizeAsync(Action<Dictionary<string, string?>>? change = null)
    {
        var response = await Browser.GetAsync(AuthorizeUrl(change));
        var location = response.Headers.Location?.ToString();
        if (response.StatusCode != HttpStatusCode.Redirect || location is null || !location.StartsWith(RedirectUri + "?", StringComparison.Ordinal))
        {
            return (null, response);
        }

        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        return (query.TryGetValue("code", out var code) ? code.ToString() : null, response);
    }

    public Task<HttpResponseMessage> RedeemAsync(string code, string? verifier = null) =>
        Browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier ?? Verifier,
        }));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = refreshToken,
        }));

    public async Task<Dictionary<string, JsonElement>> UserInfoAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new("Bearer", accessToken);
        var response = await Browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>())!;
    }

    /// <summary>Signs in, authorizes and redeems the code: the token response.</summary>
    public async Task<Dictionary<string, JsonElement>> TokensAsync()
    {
        await SignInAsync();
        var (code, response) = await AuthorizeAsync();
        Assert.True(code is not null, $"no code: {response.StatusCode} {response.Headers.Location}");
        return await ReadAsync(await RedeemAsync(code), HttpStatusCode.OK);
    }

    public static async Task<Dictionary<string, JsonElement>> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!;
    }
}
