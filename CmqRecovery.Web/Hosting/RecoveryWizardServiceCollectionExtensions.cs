using CmqRecovery.Core.Recovery;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CmqRecovery.Web.Hosting;

public static class RecoveryWizardServiceCollectionExtensions
{
    public static IServiceCollection AddRecoveryWizard(this IServiceCollection services)
    {
        // Scoped = one per circuit: a refresh or a lost circuit starts over with nothing.
        services.AddScoped<RecoveryWizardState>();
        services.AddScoped<CurrentClient>();
        services.AddScoped<SettingTexts>();
        services.AddHttpContextAccessor();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, ClientCircuitHandler>());
        return services;
    }

    /// <summary>Core builds mailed links through <see cref="IRecoveryLinks"/>; the routes live here.</summary>
    public static IServiceCollection AddRecoveryLinks(this IServiceCollection services)
    {
        services.TryAddSingleton<IRecoveryLinks, RecoveryLinks>();
        services.TryAddSingleton<CmqRecovery.Core.Register.IActivationLinks, ActivationLinks>();
        return services;
    }
}
