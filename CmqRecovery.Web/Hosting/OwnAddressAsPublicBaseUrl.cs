using CmqRecovery.Core.Recovery;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Development only, when Recovery:PublicBaseUrl is not set: mailed links point at the address this app listens on
/// (read from the server, never from a request's Host header). Before the server has started, the configured
/// --urls / ASPNETCORE_URLS stand in.
/// </summary>
internal sealed class OwnAddressAsPublicBaseUrl(IServer server, IConfiguration configuration) : IPostConfigureOptions<RecoveryOptions>
{
    public void PostConfigure(string? name, RecoveryOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var configured = (configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        options.PublicBaseUrl = Choose(addresses.Count > 0 ? addresses : configured);
    }

    /// <summary>Prefers plain http on loopback (what a developer's browser opens); wildcards become localhost.</summary>
    internal static string Choose(IEnumerable<string> addresses)
    {
        var candidates = addresses
            .Select(a => a.Replace("://+", "://localhost").Replace("://*", "://localhost")
                .Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost"))
            .Where(a => Uri.TryCreate(a, UriKind.Absolute, out _))
            .ToList();
        var chosen = candidates.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? candidates.FirstOrDefault()
            ?? "http://localhost:5000";
        return chosen.TrimEnd('/');
    }
}
