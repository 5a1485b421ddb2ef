using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Operations;

/// <summary>Runs <see cref="PurgeExpiredData"/> at start-up, then every <see cref="RetentionOptions.Interval"/> (on the injected clock).</summary>
public sealed class RetentionRunner(
    PurgeExpiredData purge, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                var purged = await purge.ExecuteAsync(stoppingToken);
                logger.LogInformation("Retention pass deleted {Purged}", purged);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database was briefly away, say: the next pass catches up.
                logger.LogError(ex, "Retention pass failed; the next one runs in {Interval}", options.Value.Interval);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
