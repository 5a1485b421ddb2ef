using CmqRecovery.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CmqRecovery.Core.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>The outbox, its sender (runs only where hosted services run) and Data Protection keys kept in the database.</summary>
    public static IServiceCollection AddRecoveryMail(this IServiceCollection services)
    {
        // Keys in the database: outbox bodies stay readable, and cookies valid, across restarts and app nodes.
        services.AddDataProtection()
            .SetApplicationName("CmqRecovery")
            .PersistKeysToDbContext<RecoveryDbContext>();

        services.TryAddSingleton<OutboxProtector>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<MailOutbox>();
        services.TryAddSingleton<DeliverOutbox>();
        services.AddHostedService<OutboxSender>();
        return services;
    }
}
