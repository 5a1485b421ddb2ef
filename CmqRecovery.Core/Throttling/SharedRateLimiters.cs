using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Throttling;

/// <summary>
/// The per-client windows of every action, counted in the shared database (<see cref="SharedFixedWindowRateLimiter"/>):
/// one source for the circuit's <see cref="ClientThrottle"/> and the HTTP policies, so an action counts under one
/// budget per client whichever path or node it takes. Clients are keyed by <see cref="ClientAddress"/> with the
/// configured IPv6 prefix.
/// </summary>
public sealed class SharedRateLimiters(
    RateLimitWindowStore store, IOptions<RateLimitsOptions> options, TimeProvider time, ILogger<SharedFixedWindowRateLimiter> logger)
{
    /// <summary>The client an address counts as (IPv6 by its <see cref="RateLimitsOptions.IPv6PrefixLength"/> prefix).</summary>
    public string PartitionKey(IPAddress? address) => ClientAddress.PartitionKey(address, options.Value.IPv6PrefixLength);

    public string PartitionKey(string? address) => ClientAddress.PartitionKey(address, options.Value.IPv6PrefixLength);

    /// <summary>A partition whose limiter counts <paramref name="action"/> for <paramref name="client"/> (a partition key).</summary>
    public RateLimitPartition<TKey> Partition<TKey>(TKey key, ClientAction action, string client) =>
        RateLimitPartition.Get(key, _ => Create(action, client));

    public SharedFixedWindowRateLimiter Create(ClientAction action, string client) =>
        new(CounterKeys.RateWindow(action, client), options.Value.For(action), store, time, logger);
}
