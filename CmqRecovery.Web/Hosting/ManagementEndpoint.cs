using CmqRecovery.Core.Operations;
using OpenTelemetry.Metrics;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Prometheus metrics on a management address only (Management:Urls, e.g. http://127.0.0.1:9464): Kestrel listens
/// there as well as on the public addresses, and a request that arrives on a management port gets /metrics and
/// nothing else, while /metrics on a public port is an ordinary 404. Without Management:Urls nothing is exported.
/// </summary>
public static class ManagementEndpoint
{
    public const string UrlsKey = "Management:Urls";
    public const string MetricsPath = "/metrics";

    /// <summary>Kestrel's default when no URL or port is configured.</summary>
    private const string DefaultPublicUrl = "http://localhost:5000";

    public static WebApplicationBuilder AddManagementEndpoint(this WebApplicationBuilder builder)
    {
        var management = Urls(builder.Configuration);
        if (management.Count == 0)
        {
            return builder;
        }

        var publicUrls = PublicUrls(builder.WebHost);
        var shared = Ports(publicUrls, required: false).Intersect(Ports(management)).ToList();
        if (shared.Count > 0)
        {
            throw new InvalidOperationException(
                $"{UrlsKey} must use its own port; {string.Join(", ", shared)} is also a public port. The app does not start.");
        }

        // The public addresses stay first: Development's own-address links take the first one.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Join(';', publicUrls.Concat(management)));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RecoveryMetrics.MeterName)
            // Prometheus scrapes every few seconds at most: no cached response, each scrape sees the counts of now.
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>First in the pipeline: before HTTPS redirection, so a plain-http management port is answered as is.</summary>
    public static WebApplication UseManagementEndpoint(this WebApplication app)
    {
        var ports = Ports(Urls(app.Configuration)).ToHashSet();
        if (ports.Count == 0)
        {
            return app;
        }

        app.MapWhen(http => ports.Contains(http.Connection.LocalPort), management => management
            .UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == MetricsPath)
            .Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        return app;
    }

    /// <summary>
    /// What Kestrel would listen on without us: --urls / ASPNETCORE_URLS, else ASPNETCORE_HTTP_PORTS / HTTPS_PORTS
    /// (set by the .NET container images), else its default. Naming any address ourselves replaces all of these.
    /// </summary>
    private static List<string> PublicUrls(IWebHostBuilder webHost)
    {
        var urls = Split(webHost.GetSetting(WebHostDefaults.ServerUrlsKey));
        if (urls.Count > 0)
        {
            return urls;
        }

        List<string> ports =
        [
            .. Split(webHost.GetSetting(WebHostDefaults.HttpPortsKey)).Select(port => $"http://*:{port}"),
            .. Split(webHost.GetSetting(WebHostDefaults.HttpsPortsKey)).Select(port => $"https://*:{port}"),
        ];
        return ports.Count > 0 ? ports : [DefaultPublicUrl];
    }

    private static List<string> Urls(IConfiguration configuration) => Split(configuration[UrlsKey]);

    private static List<string> Split(string? urls) =>
        [.. (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>
    /// The port of each URL (wildcard hosts such as http://+:9464 included). A management URL must name a fixed port,
    /// since that port is how its requests are told apart; otherwise the app refuses to start.
    /// </summary>
    private static IEnumerable<int> Ports(IEnumerable<string> urls, bool required = true) => urls
        .Select(url => (Url: url, BindingAddress.Parse(url).Port))
        .Where(parsed => parsed.Port > 0 || (required
            ? throw new InvalidOperationException($"{UrlsKey}: '{parsed.Url}' has no fixed port. The app does not start.")
            : false))
        .Select(parsed => parsed.Port);
}
