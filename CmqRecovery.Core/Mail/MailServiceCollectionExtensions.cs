using CmqRecovery.Core.Mail.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>The mails' text, the outbox and its sender (runs only where hosted services run). Bodies are protected with Data Protection (KeyRing).</summary>
    public static IServiceCollection AddRecoveryMail(this IServiceCollection services)
    {
        // The mails quote RecoveryOptions (the support phone): the options system, whoever else adds it.
        services.AddOptions();

        // The mail wording, read through its own factory: a host's LocalizationOptions.ResourcesPath (shared
        // options) would otherwise send the lookup to a folder Core does not use.
        services.TryAddSingleton<IStringLocalizer<MailText>>(new StringLocalizer<MailText>(
            new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));
        services.TryAddSingleton<DurationFormatter>();
        services.TryAddSingleton<RecoveryMails>();

        services.TryAddSingleton<OutboxProtector>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<MailOutbox>();
        services.TryAddSingleton<DeliverOutbox>();
        services.AddHostedService<OutboxSender>();
        return services;
    }
}
