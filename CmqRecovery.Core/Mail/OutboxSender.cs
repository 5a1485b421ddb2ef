using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// The hosted loop: deliver what is due, then sleep until <see cref="MailOutbox.Wake"/> or the poll interval.
/// Messages live in the database, so whatever a stopped node left behind is sent by the next one.
/// </summary>
public sealed class OutboxSender(
    DeliverOutbox deliver,
    OutboxSignal signal,
    IOptionsMonitor<SmtpOptions> options,
    TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idleLogged = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            if (string.IsNullOrWhiteSpace(settings.Host))
            {
                if (!idleLogged)
                {
                    logger.LogWarning("Smtp:Host is not set: queued mail waits in the outbox until it is.");
                    idleLogged = true;
                }
            }
            else
            {
                idleLogged = false;
                try
                {
                    await deliver.DeliverDueAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // E.g. the database is briefly unavailable: try again at the next poll rather than stop sending.
                    logger.LogError(ex, "Outbox delivery pass failed.");
                }
            }

            try
            {
                await signal.WaitAsync(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
