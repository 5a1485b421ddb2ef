using System.Diagnostics;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Register;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// Where a members import spends its time and memory (docs/PERFORMANCE.md, "Member register import"): one import of a
/// register into a database with no member, in process, with wall and CPU time (the whole process: JIT and collector
/// threads too) per phase: start-up, the checking pass, the writing pass batch by batch. The live managed heap after a
/// full collection is sampled at 0, 25, 50, 75 and 100 % of the writing pass (those collections are outside the
/// timings' batches but inside the pass's totals). Not BenchmarkDotNet: one long run, not a loop of short ones.
/// </summary>
internal static class ImportPhases
{
    /// <param name="args">registre.csv [sqlite|postgresql] [--deactivate-missing]</param>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var file, ..])
        {
            await Console.Error.WriteLineAsync("usage: import-phases <registre.csv> [sqlite|postgresql] [--deactivate-missing]");
            return 2;
        }

        var provider = args.Contains("postgresql") ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        var clock = new Span();
        await using var host = await BenchmarkHost.StartAsync(provider, seedDemoMembers: false);
        Report("start-up (host, migrations)", clock.Next());

        var import = host.Get<ImportRegister>();
        var batches = new List<(int Lines, TimeSpan Wall)>();
        var heap = new List<string> { $"0 lines {LiveMegabytes():F1} MB" };
        var batchClock = Stopwatch.StartNew();
        var lastLines = 0;
        var lines = File.ReadLines(file).Count() - 1;
        var nextSample = 1;
        import.AfterChecking = _ =>
        {
            Report("check pass", clock.Next());
            heap[0] = $"after the check {LiveMegabytes():F1} MB";
            batchClock.Restart();
            return Task.CompletedTask;
        };
        var progress = new Sync(done =>
        {
            batches.Add((done - lastLines, batchClock.Elapsed));
            lastLines = done;
            while (nextSample <= 4 && done >= lines * nextSample / 4)
            {
                heap.Add($"{done} lines {LiveMegabytes():F1} MB");
                nextSample++;
            }

            batchClock.Restart();
        });
        var result = await import.ExecuteAsync(
            new ImportRequest(RegisterSource.FromFile(file), DeactivateMissing: args.Contains("--deactivate-missing")), progress);
        Report($"write pass ({result.Value!.Written} written)", clock.Next());

        var steady = batches.Skip(batches.Count / 2).Select(b => b.Wall.TotalMilliseconds / b.Lines).Order().ToList();
        var first = batches.Take(5).Select(b => $"{b.Wall.TotalMilliseconds:F0}");
        Console.WriteLine($"batches: {batches.Count}; first five {string.Join(", ", first)} ms; "
            + $"second half median {(steady.Count > 0 ? steady[steady.Count / 2] : 0):F3} ms a line (wall)");
        Console.WriteLine($"live heap: {string.Join("; ", heap)}");
        Console.WriteLine($"load average at the end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }

    private static double LiveMegabytes() => GC.GetTotalMemory(forceFullCollection: true) / 1e6;

    private static void Report(string phase, (TimeSpan Wall, TimeSpan Cpu) span) =>
        Console.WriteLine($"{phase}: wall {span.Wall.TotalSeconds:F2} s, CPU {span.Cpu.TotalSeconds:F2} s");

    /// <summary>Wall and process CPU time since the last call.</summary>
    private sealed class Span
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public (TimeSpan Wall, TimeSpan Cpu) Next()
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var span = (_wall.Elapsed, cpu - _cpu);
            _wall.Restart();
            _cpu = cpu;
            return span;
        }
    }

    /// <summary>Reported on the import's own flow, so each batch is timed as it ends.</summary>
    private sealed class Sync(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
