using System.Threading.RateLimiting;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// What counting a per-IP window in the shared database adds to each limited action (issue 17, item 4), on SQLite
/// and PostgreSQL: a granted acquisition (one upsert), a refusal the database answers (the upsert that writes nothing,
/// then a read for the wait), and a refusal from a window this node already saw full (no database). The baseline is
/// what each node did before: System.Threading.RateLimiting's in-memory fixed window.
/// </summary>
[Config(typeof(Columns))]
[MemoryDiagnoser]
public class SharedRateLimitBenchmarks
{
    private BenchmarkHost _host = null!;
    private ClientThrottle _throttle = null!;
    private SharedRateLimiters _limiters = null!;
    private SharedFixedWindowRateLimiter _knownFull = null!;
    private PartitionedRateLimiter<string> _inMemory = null!;
    private int _next;

    [Params(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql)]
    public DatabaseProvider Provider { get; set; }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(StatisticColumn.Median, StatisticColumn.P95);
    }

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchmarkHost.StartAsync(Provider, new Dictionary<string, string?>
        {
            // Identify: never full; AnswerCheck: one permit, spent below, so always refused.
            ["RateLimits:Identify:PermitLimit"] = "2000000000",
            ["RateLimits:Identify:Window"] = "1.00:00:00",
            ["RateLimits:AnswerCheck:PermitLimit"] = "1",
            ["RateLimits:AnswerCheck:Window"] = "1.00:00:00",
        }).GetAwaiter().GetResult();
        _throttle = _host.Get<ClientThrottle>();
        _limiters = _host.Get<SharedRateLimiters>();
        using (var spent = _limiters.Create(ClientAction.AnswerCheck, "203.0.113.9").AcquireAsync(1).AsTask().GetAwaiter().GetResult())
        {
            _knownFull = _limiters.Create(ClientAction.AnswerCheck, "203.0.113.9");
            _knownFull.AcquireAsync(1).AsTask().GetAwaiter().GetResult().Dispose(); // refused: now known full
        }

        _inMemory = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = int.MaxValue,
            Window = TimeSpan.FromDays(1),
            QueueLimit = 0,
        }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inMemory.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Before: each node's own window in memory (what ClientThrottle did).</summary>
    [Benchmark(Baseline = true)]
    public bool InMemoryGranted()
    {
        using var lease = _inMemory.AttemptAcquire(Client());
        return lease.IsAcquired;
    }

    /// <summary>One upsert: the common case, and the cost every limited action now pays.</summary>
    [Benchmark]
    public async Task<Throttled?> SharedGranted() => await _throttle.TryAcquireAsync(ClientAction.Identify, new ClientContext(Client()));

    /// <summary>The first refusal a node sees for a client: the upsert writes nothing, then one read says how long.</summary>
    [Benchmark]
    public async Task<bool> SharedRefusedByTheDatabase()
    {
        using var lease = await _limiters.Create(ClientAction.AnswerCheck, "203.0.113.9").AcquireAsync(1);
        return lease.IsAcquired;
    }

    /// <summary>Every later refusal on that node until the window ends: from memory.</summary>
    [Benchmark]
    public async Task<bool> SharedRefusedKnownFull()
    {
        using var lease = await _knownFull.AcquireAsync(1);
        return lease.IsAcquired;
    }

    /// <summary>A few hundred clients in turn, so the table holds several rows and the upsert finds the right one.</summary>
    private string Client() => $"198.51.100.{(_next = (_next + 1) % 250).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
