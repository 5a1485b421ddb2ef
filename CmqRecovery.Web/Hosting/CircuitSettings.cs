using Microsoft.AspNetCore.Components.Server;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Blazor Server circuit limits, from the <c>Circuits</c> configuration section (names as in
/// <see cref="CircuitOptions"/>), over these defaults. A wizard circuit is small and short-lived; what matters is
/// how long a dropped one keeps its memory (and the member's progress) and how long a stuck browser can hold a call.
/// </summary>
public static class CircuitSettings
{
    public const string Section = "Circuits";

    /// <summary>A phone that loses the network for a moment comes back within seconds; 3 minutes (the framework's
    /// default) keeps every abandoned wizard in memory for nothing.</summary>
    public static readonly TimeSpan DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The framework's default; past it the oldest disconnected circuits are dropped first.</summary>
    public const int DisconnectedCircuitMaxRetained = 100;

    /// <summary>The app's calls into the browser are tiny (focus, the meter's start); a minute (the default) of
    /// waiting on a stuck browser is a minute of a held circuit.</summary>
    public static readonly TimeSpan JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The framework's default: render batches a slow client may leave unacknowledged before the server waits.</summary>
    public const int MaxBufferedUnacknowledgedRenderBatches = 10;

    public static IServiceCollection AddRecoveryCircuitOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CircuitOptions>(options =>
        {
            options.DisconnectedCircuitRetentionPeriod = DisconnectedCircuitRetentionPeriod;
            options.DisconnectedCircuitMaxRetained = DisconnectedCircuitMaxRetained;
            options.JSInteropDefaultCallTimeout = JSInteropDefaultCallTimeout;
            options.MaxBufferedUnacknowledgedRenderBatches = MaxBufferedUnacknowledgedRenderBatches;
        });
        // Registered after the defaults, so whatever the section sets wins.
        services.Configure<CircuitOptions>(configuration.GetSection(Section));
        return services;
    }
}
