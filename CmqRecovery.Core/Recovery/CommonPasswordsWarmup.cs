using Microsoft.Extensions.Hosting;

namespace CmqRecovery.Core.Recovery;

/// <summary>
/// Reads the blocklist in the background as the app starts, so the first member to choose a password does not
/// wait for 437,652 lines to be decompressed. Start-up itself does not wait for it.
/// </summary>
public sealed class CommonPasswordsWarmup : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => CommonPasswords.Count, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
