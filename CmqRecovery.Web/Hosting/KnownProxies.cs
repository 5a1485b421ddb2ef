using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto, believed only from the proxies named in <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR). With none configured the headers are ignored and
/// the client is the connection's address: ASP.NET Core would trust every sender of an empty list, so the
/// middleware is then not added at all.
/// </summary>
public static class KnownProxies
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddKnownProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Read(configuration, "KnownProxies", IPAddress.Parse);
        var networks = Read(configuration, "KnownNetworks", System.Net.IPNetwork.Parse);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the hop our own proxy added: anything further left was written by the client.
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return services;
    }

    /// <summary>First in the pipeline, so limits, audit and circuits all see the real client.</summary>
    public static WebApplication UseKnownProxies(this WebApplication app)
    {
        var configuration = app.Configuration.GetSection(Section);
        if (configuration.GetSection("KnownProxies").GetChildren().Any() || configuration.GetSection("KnownNetworks").GetChildren().Any())
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static List<T> Read<T>(IConfiguration configuration, string key, Func<string, T> parse)
    {
        var values = new List<T>();
        foreach (var entry in configuration.GetSection(Section).GetSection(key).GetChildren())
        {
            try
            {
                values.Add(parse(entry.Value ?? string.Empty));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{Section}:{key}:{entry.Key} is \"{entry.Value}\", not an IP address{(key == "KnownNetworks" ? " range (CIDR)" : "")}.");
            }
        }

        return values;
    }
}
