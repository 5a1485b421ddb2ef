using CmqRecovery.Core.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// /healthz: the process answers (liveness, no check at all). /readyz: this node's database answers (readiness);
/// never anything all nodes share, such as the outbox, which would take them all out of the proxy together. Both anonymous and cheap; the body is only Healthy or Unhealthy, never a reason or a name.
/// </summary>
public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddRecoveryHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("recovery", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapRecoveryHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(Routes.Liveness, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(Routes.Readiness, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }

    private sealed class ReadinessHealthCheck(CheckReadiness readiness) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await readiness.ExecuteAsync(cancellationToken) switch
            {
                ReadinessProblem.None => HealthCheckResult.Healthy(),
                var problem => HealthCheckResult.Unhealthy(problem.ToString()),
            };
    }
}
