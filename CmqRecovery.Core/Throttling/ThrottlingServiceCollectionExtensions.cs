using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Core.Throttling;

public static class ThrottlingServiceCollectionExtensions
{
    /// <summary>The per-IP windows, shared by the nodes through the database; the circuit's throttle on top.</summary>
    public static IServiceCollection AddClientThrottling(this IServiceCollection services)
    {
        services.AddSingleton<RateLimitWindowStore>();
        services.AddSingleton<SharedRateLimiters>();
        services.AddSingleton<ClientThrottle>();
        return services;
    }
}
