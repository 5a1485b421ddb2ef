using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using CmqRecovery.Core.Recovery;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// The blocklist's cost: one lookup (a hit, and a miss of a typical passphrase). The one-time load is reported by
/// the setup (keys, managed memory kept after a full collection, load time) in the benchmark's log.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CommonPasswordsBenchmarks
{
    [GlobalSetup]
    public void Setup()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var count = CommonPasswords.Count; // loads the list
        var elapsed = clock.Elapsed;
        var kept = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"// CommonPasswords: {count:N0} keys, {kept / 1024.0 / 1024.0:F1} MiB kept, loaded in {elapsed.TotalMilliseconds:F0} ms");
    }

    [Benchmark]
    public bool LookupHit() => CommonPasswords.Contains("qwerty123456");

    [Benchmark]
    public bool LookupMiss() => CommonPasswords.Contains("Quatre chevaux bleus dansent sous la pluie");
}
