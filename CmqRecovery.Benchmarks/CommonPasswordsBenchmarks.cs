using BenchmarkDotNet.Attributes;
using CmqRecovery.Core.Recovery;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// The blocklist's cost: one lookup (a hit, and a miss of a typical passphrase) and the one-time load of the
/// embedded list (its allocations are the memory it keeps, less what the GC reclaims during the load).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CommonPasswordsBenchmarks
{
    [GlobalSetup]
    public void Setup() => _ = CommonPasswords.Count; // load once before timing lookups

    [Benchmark]
    public bool LookupHit() => CommonPasswords.Contains("qwerty123456");

    [Benchmark]
    public bool LookupMiss() => CommonPasswords.Contains("Quatre chevaux bleus dansent sous la pluie");
}
