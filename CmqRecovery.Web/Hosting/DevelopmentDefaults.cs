using CmqRecovery.Core.Recovery;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>What `dotnet run` needs on a fresh machine with no configuration: mail and links that work locally.</summary>
public static class DevelopmentDefaults
{
    public static IServiceCollection AddDevelopmentDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPostConfigureOptions<RecoveryOptions>, OwnAddressAsPublicBaseUrl>();
        return services;
    }
}
