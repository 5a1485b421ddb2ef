using System.Globalization;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;

namespace CmqRecovery.Load;

/// <summary>
/// Memory per idle circuit, app beside bare, in alternating rounds of fresh processes: one RSS delta swings by a few
/// hundred KB per circuit between runs (server GC), so the figure worth quoting is the median over rounds, and the
/// ratio is taken within each round, where both processes met the same machine.
/// </summary>
internal static class MemoryRounds
{
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
        for (var round = 1; round <= arguments.MemoryRounds; round++)
        {
            var (app, appHeap) = await PerCircuitKbAsync(browser, arguments.App, appEnvironment, OpenRecovery, arguments.Circuits, arguments.Hold);
            var (bare, bareHeap) = await PerCircuitKbAsync(browser, arguments.Bare, bareEnvironment, OpenBare, arguments.Circuits, arguments.Hold);
            rounds.Add(new()
            {
                ["app_kb"] = app, ["bare_kb"] = bare, ["ratio"] = app / bare,
                ["app_heap_kb"] = appHeap, ["bare_heap_kb"] = bareHeap, ["heap_ratio"] = appHeap / bareHeap,
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Round {round}: RSS app {app:F0} KB, bare {bare:F0} KB per idle circuit, ratio {app / bare:F2}; live heap app {appHeap:F0} KB, bare {bareHeap:F0} KB, ratio {appHeap / bareHeap:F2}"));
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

    private static async Task<(double Rss, double Heap)> PerCircuitKbAsync(
        IBrowser browser, string dll, IReadOnlyDictionary<string, string> environment, Func<IPage, Task> open, int circuits, int hold)
    {
        await using var process = await AppProcess.StartAsync(dll, LoopbackPort.Free(), environment);
        var (rss, heap, contexts) = await Measurements.IdleCircuitsAsync(browser, process, open, circuits);
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

        return (rss / 1024, heap / 1024);
    }
}
