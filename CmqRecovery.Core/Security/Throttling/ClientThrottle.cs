using System.Threading.RateLimiting;
using CmqRecovery.Core.Operations;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Security.Throttling;

/// <summary>
/// Per-IP limits for what the wizard does over its circuit (not HTTP requests, so the ASP.NET Core middleware never
/// sees them): one fixed-window limiter per action and client, from System.Threading.RateLimiting. The use cases ask
/// first, before any database write or KDF, so a refused attempt changes nothing.
/// </summary>
public sealed class ClientThrottle : IDisposable
{
    private readonly RateLimitsOptions _options;
    private readonly PartitionedRateLimiter<(ClientAction Action, string Client)> _limiter;

    private readonly RecoveryMetrics? _metrics;

    public ClientThrottle(IOptions<RateLimitsOptions> options, RecoveryMetrics? metrics = null)
    {
        _options = options.Value;
        _metrics = metrics;
        _limiter = PartitionedRateLimiter.Create<(ClientAction Action, string Client), (ClientAction Action, string Client)>(
            key => RateLimitPartition.GetFixedWindowLimiter(key, k => WindowFor(_options.For(k.Action))));
    }

    /// <summary>The limiter options for one client and action; the HTTP policies use the same.</summary>
    public static FixedWindowRateLimiterOptions WindowFor(ClientLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>Null when the client may go on (one permit is spent); otherwise how long to wait.</summary>
    public Throttled? TryAcquire(ClientAction action, ClientContext client)
    {
        using var lease = _limiter.AttemptAcquire((action, ClientAddress.PartitionKey(client.IpAddress)));
        if (lease.IsAcquired)
        {
            return null;
        }

        _metrics?.Rejected(action);
        return new Throttled(
            ThrottleReason.TooManyAttempts,
            lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _options.For(action).Window);
    }

    public void Dispose() => _limiter.Dispose();
}
