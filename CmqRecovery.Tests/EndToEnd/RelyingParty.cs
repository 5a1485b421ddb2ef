using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CmqRecovery.Tests.TestSupport;
using Messagerie;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// The sample client (samples/Messagerie, what a developer runs) on a real Kestrel host, on <c>localhost</c> while
/// the provider is on 127.0.0.1, so the two are different sites. « Bienvenue, … » once signed in; « Se déconnecter »
/// is RP-initiated logout. The refresh pages added here use the refresh token the handler saved, as a client
/// renewing its access token does.
/// </summary>
public sealed class RelyingParty : IAsyncDisposable
{
    public const string ClientId = "messagerie";
    public const string DisplayName = "Messagerie sécurisée";

    private readonly WebApplication _app;
    private readonly string _clientId;
    private string? _previousRefreshToken;

    private RelyingParty(WebApplication app, string baseUrl, string clientId)
    {
        _app = app;
        BaseUrl = baseUrl;
        _clientId = clientId;
    }

    public string BaseUrl { get; }

    /// <summary>The provider's settings that register this client (before the provider starts), as client <paramref name="index"/>.</summary>
    /// <summary>
    /// The provider's host (RunningApp): a client there is the same site as the provider (ports do not count), so its
    /// Lax cookie rides along in the provider's front-channel logout frame; on <c>localhost</c> it does not.
    /// </summary>
    public const string SameSiteHost = "127.0.0.1";

    /// <summary>The provider's settings that register this client (before the provider starts), as client <paramref name="index"/>.</summary>
    /// <param name="host"><see cref="SameSiteHost"/> also registers the sample's front-channel logout page.</param>
    public static (int Port, Dictionary<string, string?> ProviderSettings) Reserve(int index = 0, string clientId = ClientId, string displayName = DisplayName, string host = "localhost")
    {
        var port = LoopbackPort.Free();
        var origin = $"http://{host}:{port}";
        var at = $"Oidc:Clients:{index}";
        var settings = new Dictionary<string, string?>
        {
            [$"{at}:ClientId"] = clientId,
            [$"{at}:DisplayName"] = displayName,
            [$"{at}:RedirectUris:0"] = $"{origin}/signin-oidc",
            [$"{at}:PostLogoutRedirectUris:0"] = $"{origin}/signout-callback-oidc",
        };
        if (host == SameSiteHost)
        {
            settings[$"{at}:FrontChannelLogoutUri"] = origin + MessagerieApp.RemoteSignOut;
        }

        return (port, settings);
    }

    /// <summary>The sample client (samples/Messagerie) on its own Kestrel host, plus the refresh pages of these tests.</summary>
    /// <param name="backchannel">The handler for its calls to the provider (the proxy's self-signed certificate in the multi-node tests).</param>
    public static async Task<RelyingParty> StartAsync(int port, string authority, string clientId = ClientId, string host = "localhost", HttpMessageHandler? backchannel = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{host}:{port}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{MessagerieApp.Section}:Authority"] = authority,
            [$"{MessagerieApp.Section}:ClientId"] = clientId,
        });
        builder.AddMessagerie();
        if (backchannel is not null)
        {
            // Configure runs before the handler's own PostConfigure, which builds its HttpClient from this handler.
            builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options => options.BackchannelHttpHandler = backchannel);
        }

        builder.Services.AddHttpClient();

        var app = builder.Build();
        app.MapMessagerie();
        var party = new RelyingParty(app, $"http://{host}:{port}", clientId);
        app.MapGet("/rafraichir", party.RefreshAsync).RequireAuthorization();
        app.MapGet("/rejouer", party.ReplayAsync).RequireAuthorization();
        // What the handler's front-channel check compares: the signed-in id token's issuer and session.
        app.MapGet("/session", (HttpContext http) => Html(
            $"<p id=\"iss\">{Encode(http.User.FindFirst("iss")?.Value)}</p><p id=\"sid\">{Encode(http.User.FindFirst("sid")?.Value)}</p>"))
            .RequireAuthorization();
        await app.StartAsync();
        return party;
    }

    /// <summary>Redeems the saved refresh token and keeps the new one; the page says whether it rotated.</summary>
    private async Task<IResult> RefreshAsync(HttpContext http, IHttpClientFactory clients)
    {
        var auth = await http.AuthenticateAsync();
        var properties = auth.Properties!;
        var current = properties.GetTokenValue("refresh_token")!;
        var (status, body) = await RedeemAsync(http, clients, _clientId, current);
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
        var (status, body) = await RedeemAsync(http, clients, _clientId, _previousRefreshToken!);
        return Html($"<p id=\"result\">{(status == HttpStatusCode.OK ? "accepted" : Encode(body.GetProperty("error").GetString()))}</p>");
    }

    private static async Task<(HttpStatusCode, JsonElement)> RedeemAsync(HttpContext http, IHttpClientFactory clients, string clientId, string refreshToken)
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OpenIdConnectOptions>>()
            .Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
        var response = await clients.CreateClient().PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["refresh_token"] = refreshToken,
        }));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static IResult Html(string body) => MessagerieApp.Page("Messagerie", body);

    private static string Encode(string? text) => MessagerieApp.Encode(text);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
