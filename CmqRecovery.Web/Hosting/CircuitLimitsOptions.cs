using System.ComponentModel.DataAnnotations;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Who may open a circuit, and how many at once: the <c>Circuits</c> section, beside the framework's
/// <see cref="Microsoft.AspNetCore.Components.Server.CircuitOptions"/> (its binder ignores these keys, and this one
/// ignores the framework's).
/// </summary>
public sealed class CircuitLimitsOptions
{
    /// <summary>Origins besides the app's own (Recovery:PublicBaseUrl) whose pages may open a circuit, e.g.
    /// <c>https://recuperation.cmq.org</c> when the site also answers there. Scheme, host and port only.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Circuit connections one client address (an IPv6 client by its prefix) may hold on this node at once.
    /// Ten tabs is more than a person recovering a password opens.</summary>
    [Range(1, 10_000)]
    public int MaxPerClient { get; set; } = 10;

    /// <summary>Circuit connections this node holds at once, all clients together; 0 (default): sized to the node's
    /// memory by <see cref="CircuitPlaces.DefaultPerNode"/>.</summary>
    [Range(0, 1_000_000)]
    public int MaxPerNode { get; set; }
}
