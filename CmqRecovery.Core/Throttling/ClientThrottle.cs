using System.Threading.RateLimiting;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Security;

namespace CmqRecovery.Core.Throttling;

/// <summary>
/// Per-IP limits for what the wizard does over its circuit (not HTTP requests, so the ASP.NET Core middleware never
/// sees them): one fixed window per action and client, counted in the database the nodes share
/// (<see cref="SharedRateLimiters"/>), behind System.Threading.RateLimiting's partitioned limiter. The use cases ask
/// first, before any database write or KDF, so a refused attempt changes nothing.
/// </summary>
public sealed class ClientThrottle : IDisposable
{
    private readonly SharedRateLimiters _limiters;
    private readonly PartitionedRateLimiter<(ClientAction Action, string Client)> _limiter;

    private readonly RecoveryMetrics? _metrics;

    public ClientThrottle(SharedRateLimiters limiters, RecoveryMetrics? metrics = null)
    {
        _limiters = limiters;
        _metrics = metrics;
        _limiter = PartitionedRateLimiter.Create<(ClientAction Action, string Client), (ClientAction Action, string Client)>(
            key => limiters.Partition(key, key.Action, key.Client));
    }

    /// <summary>
    /// Null when the client may go on (one permit is spent); otherwise how long to wait. <see cref="ThrottleReason.Busy"/>
    /// when the window could not be counted (the database did not answer): refused, never waved through.
    /// </summary>
    public async ValueTask<Throttled?> TryAcquireAsync(ClientAction action, ClientContext client, CancellationToken cancellationToken = default)
    {
        using var lease = await _limiter.AcquireAsync((action, _limiters.PartitionKey(client.IpAddress)), 1, cancellationToken);
        if (lease.IsAcquired)
        {
            return null;
        }

        _metrics?.Rejected(action);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? new Throttled(ThrottleReason.TooManyAttempts, retryAfter)
            : Throttled.Busy;
    }

    public void Dispose() => _limiter.Dispose();
}
