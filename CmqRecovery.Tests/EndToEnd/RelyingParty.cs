using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// A client application of the provider, as the secure messaging would be: a real Kestrel host with the platform's
/// own OpenID Connect handler (code flow, PKCE, userinfo), on <c>localhost</c> while the provider is on 127.0.0.1,
/// so the two are different sites. « Bienvenue, … » once signed in; « Se déconnecter » is RP-initiated logout.
/// Its refresh pages use the refresh token the handler saved, as a client renewing its access token does.
/// </summary>
public sealed class RelyingParty : IAsyncDisposable
{
    public const string ClientId = "messagerie";
    public const string DisplayName = "Messagerie sécurisée";

    private readonly WebApplication _app;
    private string? _previousRefreshToken;

    private RelyingParty(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The provider's settings that register this client (before the provider starts).</summary>
    public static (int Port, Dictionary<string, string?> ProviderSettings) Reserve()
    {
        var port = LoopbackPort.Free();
        var origin = $"http://localhost:{port}";
        return (port, new Dictionary<string, string?>
        {
            ["Oidc:Clients:0:ClientId"] = ClientId,
            ["Oidc:Clients:0:DisplayName"] = DisplayName,
            ["Oidc:Clients:0:RedirectUris:0"] = $"{origin}/signin-oidc",
            ["Oidc:Clients:0:PostLogoutRedirectUris:0"] = $"{origin}/signout-callback-oidc",
        });
    }

    public static async Task<RelyingParty> StartAsync(int port, string authority)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options => options.Cookie.Name = "messagerie")
            .AddOpenIdConnect(options =>
            {
                options.Authority = authority;
                options.RequireHttpsMetadata = false; // the provider runs over plain HTTP on loopback in the tests
                options.ClientId = ClientId;
                options.ResponseType = "code";
                options.ResponseMode = "query";
                options.UsePkce = true;
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "cmq_member", "offline_access" })
                {
                    options.Scope.Add(scope);
                }

                options.SaveTokens = true;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.ClaimActions.MapUniqueJsonKey("cmq_member_kind", "cmq_member_kind");
                options.ClaimActions.MapUniqueJsonKey("cmq_user_code", "cmq_user_code");
                options.SignedOutRedirectUri = "/au-revoir";
            });
        builder.Services.AddAuthorization();
        builder.Services.AddHttpClient();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        var party = new RelyingParty(app, $"http://localhost:{port}");
        app.MapGet("/", (HttpContext http) => Html(
            $"<h1>Bienvenue, {Encode(http.User.Identity?.Name)}</h1>" +
            $"<p id=\"kind\">{Encode(http.User.FindFirst("cmq_member_kind")?.Value)}</p>" +
            $"<p id=\"code\">{Encode(http.User.FindFirst("cmq_user_code")?.Value)}</p>" +
            $"<p id=\"sub\">{Encode(http.User.FindFirst("sub")?.Value)}</p>" +
            "<form method=\"post\" action=\"/deconnexion\"><button type=\"submit\">Se déconnecter</button></form>"))
            .RequireAuthorization();
        app.MapGet("/rafraichir", party.RefreshAsync).RequireAuthorization();
        app.MapGet("/rejouer", party.ReplayAsync).RequireAuthorization();
        app.MapPost("/deconnexion", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/au-revoir" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapGet("/au-revoir", () => Html("<h1>Vous êtes déconnecté de la messagerie</h1>"));
        await app.StartAsync();
        return party;
    }

    /// <summary>Redeems the saved refresh token and keeps the new one; the page says whether it rotated.</summary>
    private async Task<IResult> RefreshAsync(HttpContext http, IHttpClientFactory clients)
    {
        var auth = await http.AuthenticateAsync();
        var properties = auth.Properties!;
        var current = properties.GetTokenValue("refresh_token")!;
        var (status, body) = await RedeemAsync(http, clients, current);
        if (status != HttpStatusCode.OK)
        {
            return Html($"<p id=\"result\">{Encode(body.GetProperty("error").GetString())}</p>");
        }

        var next = body.GetProperty("refresh_token").GetString()!;
        properties.UpdateTokenValue("refresh_token", next);
        properties.UpdateTokenValue("access_token", body.GetProperty("access_token").GetString()!);
        await http.SignInAsync(auth.Principal!, properties);
        _previousRefreshToken = current;
        return Html($"<p id=\"result\">{(next != current ? "rotated" : "same")}</p>");
    }

    /// <summary>What a thief holding the token from before the last rotation would send.</summary>
    private async Task<IResult> ReplayAsync(HttpContext http, IHttpClientFactory clients)
    {
        var (status, body) = await RedeemAsync(http, clients, _previousRefreshToken!);
        return Html($"<p id=\"result\">{(status == HttpStatusCode.OK ? "accepted" : Encode(body.GetProperty("error").GetString()))}</p>");
    }

    private static async Task<(HttpStatusCode, JsonElement)> RedeemAsync(HttpContext http, IHttpClientFactory clients, string refreshToken)
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OpenIdConnectOptions>>()
            .Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
        var response = await clients.CreateClient().PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = refreshToken,
        }));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static IResult Html(string body) =>
        Results.Content($"<!DOCTYPE html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Messagerie</title></head><body><main>{body}</main></body></html>", "text/html; charset=utf-8");

    private static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
