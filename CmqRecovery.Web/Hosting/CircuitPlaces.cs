using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// The places for circuit connections on this node: one per live connection to the circuit hub, taken when the
/// connection opens and given back when it ends (<see cref="CircuitPlacesHubFilter"/>), counted per client address
/// (<see cref="SharedRateLimiters.PartitionKey(System.Net.IPAddress?)"/>, which applies <c>RateLimits:IPv6PrefixLength</c>) and in total. A circuit without a connection (a
/// dropped browser, for <c>Circuits:DisconnectedCircuitRetentionPeriod</c>) holds no place: the framework bounds
/// those itself, node-wide (<c>Circuits:DisconnectedCircuitMaxRetained</c>, oldest dropped first).
/// </summary>
public sealed class CircuitPlaces(IOptions<CircuitLimitsOptions> options)
{
    /// <summary>What one idle wizard circuit costs in RSS, rounded up: about 700 KB measured (docs/PERFORMANCE.md,
    /// fifth pass), plus the SignalR buffers a busy connection grows.</summary>
    public const long MemoryPerCircuit = 1024 * 1024;

    private readonly Dictionary<string, int> _byClient = [];
    private readonly object _gate = new();
    private int _total;

    public int PerClient { get; } = options.Value.MaxPerClient;

    public int PerNode { get; } = options.Value.MaxPerNode > 0 ? options.Value.MaxPerNode : DefaultPerNode(AvailableMemory());

    /// <summary>Half the memory the runtime may use (the machine's, or the container's limit) for circuits, at
    /// <see cref="MemoryPerCircuit"/> each; the other half for the process itself, its caches, the KDF and the GC's
    /// headroom. A node of 2 GB: 1,024.</summary>
    public static int DefaultPerNode(long availableMemoryBytes) =>
        (int)Math.Clamp(availableMemoryBytes / 2 / MemoryPerCircuit, 1, int.MaxValue);

    public int Count(string client)
    {
        lock (_gate)
        {
            return _byClient.GetValueOrDefault(client);
        }
    }

    public int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Whether a new connection from this client would be refused now (nothing is taken).</summary>
    public CircuitRefusal? WouldRefuse(string client)
    {
        lock (_gate)
        {
            return RefusalFor(client);
        }
    }

    /// <summary>Takes a place for a new connection, or says why not.</summary>
    public CircuitRefusal? TryTake(string client)
    {
        lock (_gate)
        {
            if (RefusalFor(client) is { } refusal)
            {
                return refusal;
            }

            _byClient[client] = _byClient.GetValueOrDefault(client) + 1;
            _total++;
            return null;
        }
    }

    public void Give(string client)
    {
        lock (_gate)
        {
            var left = _byClient.GetValueOrDefault(client) - 1;
            if (left <= 0)
            {
                _byClient.Remove(client);
            }
            else
            {
                _byClient[client] = left;
            }

            _total--;
        }
    }

    private CircuitRefusal? RefusalFor(string client) =>
        _byClient.GetValueOrDefault(client) >= PerClient ? CircuitRefusal.TooManyForClient
        : _total >= PerNode ? CircuitRefusal.NodeFull
        : null;

    // The runtime reports the figure as of its last collection: a node that has not collected yet makes one first.
    private static long AvailableMemory()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available <= 0)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }

        return available;
    }
}

public enum CircuitRefusal
{
    /// <summary>This address already holds its share: the person has other tabs of the site open.</summary>
    TooManyForClient,

    /// <summary>The node holds all it can, whoever asks.</summary>
    NodeFull,
}
