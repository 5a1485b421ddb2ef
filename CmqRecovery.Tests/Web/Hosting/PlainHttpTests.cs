using System.Globalization;
using System.Net;
using System.Reflection;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// A Production node on a real Kestrel port, reached over plain HTTP: directly (an operator's curl, a proxy that does
/// not say X-Forwarded-Proto) every route is refused with 400 and a French and English text, never a 500 and never a
/// cookie; through the known proxy saying https the pages work; the health probes and /metrics answer over plain HTTP.
/// </summary>
public sealed class PlainHttpTests
{
    private const string Proxy = "127.0.0.7";
    private const string Stranger = "127.0.0.8";

    /// <summary>Every path in <see cref="Routes"/>, its parameters filled in.</summary>
    public static IReadOnlyList<string> AllRoutes { get; } = [.. typeof(Routes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .Where(path => path.StartsWith('/'))
        .Select(path => path
            .Replace("{Id}", "0123456789abcdef", StringComparison.Ordinal)
            .Replace("{Token}", "jeton-de-test", StringComparison.Ordinal)
            .Replace("{MailId:guid}", Guid.Empty.ToString(), StringComparison.Ordinal))];

    private static bool IsHealthProbe(string path) => path is Routes.Liveness or Routes.Readiness;

    [DatabaseTheory]
    public async Task Request_EveryRouteOverPlainHttp_IsRefusedWith400AndNoCookieAndHealthAnswers(DatabaseProvider provider)
    {
        await using var node = await StartProductionAsync(provider);
        using var direct = LoopbackClient.From(Stranger, node.PublicUrl, cookies: false);
        Assert.Contains(Routes.SignIn, AllRoutes);
        Assert.DoesNotContain(AllRoutes, path => path.Contains('{', StringComparison.Ordinal));

        foreach (var path in AllRoutes)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
            {
                using var request = new HttpRequestMessage(method, path);
                if (method == HttpMethod.Post)
                {
                    request.Content = new FormUrlEncodedContent(SignInForm.Stranger());
                }

                using var response = await direct.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();

                Assert.False(response.Headers.Contains("Set-Cookie"), $"{method} {path} set a cookie over plain HTTP.");
                if (IsHealthProbe(path) && method == HttpMethod.Get)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
                else if (!IsHealthProbe(path))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode}");
                    Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
                    Assert.Equal("Cette adresse ne répond qu'en HTTPS : ouvrez-la avec https://.\nThis address answers over HTTPS only: open it with https://.\n", body);
                }
                else
                {
                    Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
                }
            }
        }

        Assert.Empty(node.Logs.Errors);
    }

    [DatabaseTheory]
    public async Task Request_ForwardedProtoHttpsFromTheKnownProxy_ServesThePagesWithHostPrefixedCookies(DatabaseProvider provider)
    {
        await using var node = await StartProductionAsync(provider);
        using var proxy = LoopbackClient.From(Proxy, node.PublicUrl, cookies: false);
        proxy.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        proxy.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");

        foreach (var path in AllRoutes)
        {
            using var response = await proxy.GetAsync(path);
            Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"GET {path} over forwarded HTTPS: 500");
            // The OpenID Connect endpoints answer 400 to a request without its parameters, as the protocol says
            // (OidcProtocolTests); that is not the plain-HTTP refusal.
            Assert.False(response.StatusCode == HttpStatusCode.BadRequest && !path.StartsWith("/connect/", StringComparison.Ordinal),
                $"GET {path} over forwarded HTTPS was refused.");
        }

        foreach (var page in new[] { Routes.SignIn, Routes.Recovery })
        {
            using var response = await proxy.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-cmq.antiforgery=", StringComparison.Ordinal));
        }

        Assert.Empty(node.Logs.Errors);
    }

    [DatabaseTheory]
    public async Task Request_ForwardedProtoHttpsFromAStranger_IsStillRefused(DatabaseProvider provider)
    {
        await using var node = await StartProductionAsync(provider);
        using var stranger = LoopbackClient.From(Stranger, node.PublicUrl, cookies: false);
        stranger.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var response = await stranger.GetAsync(Routes.SignIn);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [DatabaseTheory]
    public async Task Request_PlainHttpWhenTheNodeHasAnHttpsPort_RedirectsToHttpsWithoutACookie(DatabaseProvider provider)
    {
        await using var node = await StartProductionAsync(provider, new Dictionary<string, string?> { ["https_port"] = "8443" });
        using var direct = LoopbackClient.From(Stranger, node.PublicUrl, cookies: false);

        using var page = await direct.GetAsync(Routes.SignIn + "?courriel=a");
        using var probe = await direct.GetAsync(Routes.Readiness);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, page.StatusCode);
        Assert.Equal(new Uri("https://127.0.0.1:8443/connexion?courriel=a"), page.Headers.Location);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [DatabaseTheory]
    public async Task GetMetrics_OverPlainHttpOnTheManagementPortInProduction_Answers(DatabaseProvider provider)
    {
        await using var node = await StartProductionAsync(provider);
        using var management = new HttpClient { BaseAddress = new Uri(node.ManagementUrl) };

        using var response = await management.GetAsync(ManagementEndpoint.MetricsPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    /// <summary>The app in Production on real loopback ports (public and management), trusting <see cref="Proxy"/>.</summary>
    private static Task<TwoPortApp> StartProductionAsync(DatabaseProvider provider, IDictionary<string, string?>? overrides = null) =>
        TwoPortApp.StartAsync(provider, "Production", ProductionSettings.Required(),
            new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = Proxy }, overrides);
}
