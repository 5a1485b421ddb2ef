using System.Globalization;
using CmqRecovery.TestSupport;
using Microsoft.Playwright;

namespace CmqRecovery.Load;

/// <summary>
/// Memory per idle circuit, app beside bare, in alternating rounds of fresh processes: one RSS delta swings by a few
/// hundred KB per circuit between runs (server GC), so the figure worth quoting is the median over rounds, and the
/// ratio is taken within each round, where both processes met the same machine.
/// </summary>
internal static class MemoryRounds
{
    private const string PublicBaseUrl = "Recovery__PublicBaseUrl";

    public static async Task OpenRecovery(IPage page)
    {
        await page.GotoAsync("/recuperation");
        await page.Locator("img.captcha-image[src^='blob:']").WaitForAsync();
    }

    public static async Task OpenBare(IPage page)
    {
        var socket = page.WaitForWebSocketAsync();
        await page.GotoAsync("/");
        await socket;
    }

    public static async Task RunAsync(
        Arguments arguments, IReadOnlyDictionary<string, string> appEnvironment,
        IReadOnlyDictionary<string, string> bareEnvironment, Dictionary<string, object> report)
    {
        if (arguments.Bare is null)
        {
            throw new ArgumentException("--memory-rounds needs --bare <path to BareBlazor.dll>.");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--renderer-process-limit=8"],
        });
        var rounds = new List<Dictionary<string, double>>();
        for (var number = 1; number <= arguments.MemoryRounds; number++)
        {
            var appCost = await PerCircuitAsync(browser, arguments.App, appEnvironment, OpenRecovery, arguments.Circuits, arguments.Hold);
            var bareCost = await PerCircuitAsync(browser, arguments.Bare, bareEnvironment, OpenBare, arguments.Circuits, arguments.Hold);
            var (app, appHeap, bare, bareHeap) = (appCost.RssBytes / 1024, appCost.HeapBytes / 1024, bareCost.RssBytes / 1024, bareCost.HeapBytes / 1024);
            var round = new Dictionary<string, double>
            {
                ["app_kb"] = app, ["bare_kb"] = bare, ["ratio"] = app / bare,
                ["app_heap_kb"] = appHeap, ["bare_heap_kb"] = bareHeap, ["heap_ratio"] = appHeap / bareHeap,
            };
            foreach (var (name, kb) in appCost.SplitKb)
            {
                round[$"app_rss_{name}_kb"] = kb;
                round[$"bare_rss_{name}_kb"] = bareCost.SplitKb[name];
            }

            rounds.Add(round);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Round {number}: RSS app {app:F0} KB, bare {bare:F0} KB per idle circuit, ratio {app / bare:F2}; live heap app {appHeap:F0} KB, bare {bareHeap:F0} KB, ratio {appHeap / bareHeap:F2}"));
            Console.WriteLine($"  RSS split per circuit (KB): app {appCost.Describe()}; bare {bareCost.Describe()}");
        }

        report["memory_rounds"] = rounds;
        foreach (var key in rounds[0].Keys)
        {
            report[$"memory_median_{key}"] = Measurements.Median(rounds.Select(r => r[key]));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median of {rounds.Count} rounds: RSS app {report["memory_median_app_kb"]:F0} KB, bare {report["memory_median_bare_kb"]:F0} KB, ratio {report["memory_median_ratio"]:F2}; live heap app {report["memory_median_app_heap_kb"]:F0} KB, bare {report["memory_median_bare_heap_kb"]:F0} KB, ratio {report["memory_median_heap_ratio"]:F2}"));
        if (arguments.Out is not null)
        {
            await File.WriteAllTextAsync(arguments.Out, System.Text.Json.JsonSerializer.Serialize(report));
        }
    }

    private static async Task<IdleCircuitCost> PerCircuitAsync(
        IBrowser browser, string dll, IReadOnlyDictionary<string, string> environment, Func<IPage, Task> open, int circuits, int hold)
    {
        // Each round's process has a port of its own, and the circuit hub takes a WebSocket only from the app's public
        // origin (issue 17's Origin allow-list): left at the first process's address, every circuit was refused and
        // the round waited for a captcha that never came.
        var port = LoopbackPort.Free();
        var ownEnvironment = new Dictionary<string, string>(environment);
        if (ownEnvironment.ContainsKey(PublicBaseUrl))
        {
            ownEnvironment[PublicBaseUrl] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        }

        await using var process = await AppProcess.StartAsync(dll, port, ownEnvironment);
        var (cost, contexts) = await Measurements.IdleCircuitsAsync(browser, process, open, circuits);
        if (hold > 0)
        {
            // Time to look inside while the circuits sit idle: dotnet-gcdump collect -p <pid>.
            Console.WriteLine($"Holding {circuits} idle circuits of {Path.GetFileName(dll)} for {hold} s; pid {process.Id}");
            await Task.Delay(TimeSpan.FromSeconds(hold));
        }

        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        return cost;
    }
}
