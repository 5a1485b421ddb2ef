using CmqRecovery.Web.Components.Recovery;
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
        services.AddHttpContextAccessor();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, ClientCircuitHandler>());
        return services;
    }
}
