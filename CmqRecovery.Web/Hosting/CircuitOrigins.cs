using CmqRecovery.Core.Recovery;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// The origins whose pages may open a circuit: the app's own public origin (Recovery:PublicBaseUrl; in Development
/// without it, the address the app listens on, as for mailed links) and Circuits:AllowedOrigins.
/// </summary>
public sealed class CircuitOrigins(IOptions<RecoveryOptions> recovery, IOptions<CircuitLimitsOptions> limits)
{
    private readonly Lazy<HashSet<string>> _allowed = new(() =>
        [.. new[] { recovery.Value.PublicBaseUrl }.Concat(limits.Value.AllowedOrigins)
            .Select(Normalize).OfType<string>()]);

    public IReadOnlySet<string> Allowed => _allowed.Value;

    public bool IsAllowed(string origin) => Normalize(origin) is { } normalized && _allowed.Value.Contains(normalized);

    /// <summary>Scheme, host and port as a browser writes an Origin (lower case, no default port, no path); null
    /// for anything else, "null" included.</summary>
    public static string? Normalize(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? $"{uri.Scheme}://{uri.Authority}".ToLowerInvariant()
            : null;
}
