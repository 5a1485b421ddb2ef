using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Load;
using CmqRecovery.TestSupport;
using CmqRecovery.Web.Dev;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Playwright;

// dotnet run -c Release --project tools/load/CmqRecovery.Load -- --app <publish>/CmqRecovery.Web.dll \
//     --bare <publish>/BareBlazor.dll [--runs 5] [--circuits 100] [--active 4] [--hold seconds] [--out result.json]
//     [--memory-rounds N]   (only the idle-circuit memory: N rounds, each a fresh app then a fresh bare page; --hold applies to each)
// See docs/PERFORMANCE.md. Everything runs on loopback; every wait is bounded.
var arguments = Arguments.Parse(args);
const int IdleWindowSeconds = 30;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var report = new Dictionary<string, object>
{
    ["app"] = arguments.App,
    ["loadavg_start"] = File.ReadAllText("/proc/loadavg").Trim(),
};

await using var smtp = new EmbeddedSmtpServer(new DevMailbox(), 0);
await smtp.StartAsync();
var database = Path.Combine(Path.GetTempPath(), $"cmqrecovery-load-{Guid.NewGuid():N}.db");
await SeedAsync(database);

var port = LoopbackPort.Free();
var baseUrl = $"http://127.0.0.1:{port}";
var appEnvironment = new Dictionary<string, string>
{
    // Not Development (no dev pages, no embedded SMTP, production static assets); "Testing" is the one other
    // environment that accepts Captcha:TestCode, which lets a script pass step 2.
    ["ASPNETCORE_ENVIRONMENT"] = "Testing",
    ["DOTNET_TieredCompilation"] = "0",
    ["ConnectionStrings__Recovery"] = $"Data Source={database}",
    ["Smtp__Host"] = EmbeddedSmtpServer.Host,
    ["Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
    ["Smtp__Security"] = "None",
    ["Recovery__PublicBaseUrl"] = baseUrl,
    ["Recovery__MailsPerMemberPerHour"] = "1000",
    ["Captcha__TestCode"] = TestHostSettings.CaptchaCode,
    ["Hashing__AnswerPepper"] = CmqRecovery.Core.Security.HashingOptions.PublicDevelopmentPepper,
    // Every browser here comes from 127.0.0.1; per-IP limits would stop the 100 circuits, not measure them.
    ["RateLimits__Captcha__PermitLimit"] = "100000",
    ["RateLimits__Identify__PermitLimit"] = "100000",
    ["RateLimits__AnswerCheck__PermitLimit"] = "100000",
    ["RateLimits__LinkOpen__PermitLimit"] = "100000",
    ["Circuits__MaxPerClient"] = "10000",
    ["Logging__LogLevel__Default"] = "Warning",
};
var bareEnvironment = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["DOTNET_TieredCompilation"] = "0",
};

if (arguments.MemoryRounds > 0)
{
    await MemoryRounds.RunAsync(arguments, appEnvironment, bareEnvironment, report);
    File.Delete(database);
    return;
}

var appProcess = await AppProcess.StartAsync(arguments.App, port, appEnvironment);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--renderer-process-limit=8"],
});

try
{
    var kdf = await Measurements.OneKdfAsync();
    report["kdf_ms"] = kdf.TotalMilliseconds;
    Console.WriteLine($"One KDF (PBKDF2-SHA512, 210,000 iterations): {kdf.TotalMilliseconds:F0} ms CPU");

    Func<IPage, Task> openRecovery = MemoryRounds.OpenRecovery;
    var firstLoads = new List<double>();
    for (var i = 0; i < 3; i++)
    {
        firstLoads.Add(await Measurements.FirstLoadBytesAsync(browser, baseUrl, openRecovery));
    }

    report["first_load_bytes"] = Measurements.Median(firstLoads);
    Console.WriteLine($"First load of /recuperation: {Measurements.Median(firstLoads) / 1024:F0} KB transferred (median of 3)");

    // The first loads' circuits are still being torn down for a few seconds; the background is what remains after.
    // CPU time is read in clock ticks (10 ms), so the idle window is long enough for a tick to be 1 % of it.
    await Task.Delay(TimeSpan.FromSeconds(5));
    var idleBefore = appProcess.Cpu;
    await Task.Delay(TimeSpan.FromSeconds(IdleWindowSeconds));
    var idleCpuPerSecond = (appProcess.Cpu - idleBefore).TotalMilliseconds / IdleWindowSeconds;
    report["idle_cpu_ms_per_s"] = idleCpuPerSecond;

    var recoveries = new List<IReadOnlyList<StepCost>>();
    var socketPayloads = new List<double>();
    var socketDeflated = new List<double>();
    for (var run = 0; run <= arguments.Runs; run++)
    {
        var page = await PersonTyping.NewPhonePageAsync(browser, baseUrl);
        var traffic = new WebSocketTraffic(page);
        var member = DemoMembers.All[run % DemoMembers.All.Count];
        var steps = await new PersonTyping(page, appProcess, smtp.Mailbox).RecoverAsync(member, $"Erable-sucre-Tadoussac-{run}-2026!");
        await page.Context.CloseAsync();
        if (run > 0)
        {
            recoveries.Add(steps); // run 0 warms the JIT'd paths and the caches; it is not counted
            socketPayloads.Add(traffic.PayloadBytes);
            socketDeflated.Add(traffic.DeflatedBytes);
        }

        Console.WriteLine($"Recovery {run}{(run == 0 ? " (warm-up)" : "")}: {steps.Sum(s => s.ServerCpu.TotalMilliseconds):F0} ms server CPU");
    }

    // The server's own background (timers, the outbox sender, circuit pings) runs whatever the person does; it
    // is measured above while nobody types and reported apart, so the per-step figures say what the step cost.
    double Net(StepCost s) => Math.Max(0, s.ServerCpu.TotalMilliseconds - idleCpuPerSecond * s.Wall.TotalSeconds);
    var perStep = recoveries[0].Select((s, i) => new
    {
        step = s.Step,
        median_cpu_ms = Measurements.Median(recoveries.Select(r => r[i].ServerCpu.TotalMilliseconds)),
        median_net_cpu_ms = Measurements.Median(recoveries.Select(r => Net(r[i]))),
        median_wall_ms = Measurements.Median(recoveries.Select(r => r[i].Wall.TotalMilliseconds)),
    }).ToList();
    var raw = recoveries.Select(r => r.Sum(s => s.ServerCpu.TotalMilliseconds)).ToList();
    var totals = recoveries.Select(r => r.Sum(Net)).ToList();
    report["recovery_raw_cpu_ms_median"] = Measurements.Median(raw);
    report["recovery_cpu_ms_median"] = Measurements.Median(totals);
    report["recovery_cpu_kdf_units"] = Measurements.Median(totals) / kdf.TotalMilliseconds;
    report["recovery_cpu_ms_all"] = totals;
    report["steps"] = perStep;
    report["websocket_bytes_per_recovery"] = Measurements.Median(socketPayloads);
    report["websocket_deflated_bytes_per_recovery"] = Measurements.Median(socketDeflated);
    Console.WriteLine($"Server idle background: {idleCpuPerSecond:F1} ms CPU per second");
    Console.WriteLine($"Server CPU per recovery: {Measurements.Median(totals):F0} ms = {Measurements.Median(totals) / kdf.TotalMilliseconds:F1} KDF units, net of the idle background (raw {Measurements.Median(raw):F0} ms; median of {totals.Count})");
    Console.WriteLine($"Circuit WebSocket per recovery: {Measurements.Median(socketPayloads) / 1024:F1} KB of payload, both directions ({Measurements.Median(socketDeflated) / 1024:F1} KB had it been deflated)");
    Console.WriteLine($"  {"step",-40} {"net ms",7} {"raw ms",7} {"wall ms",8}");
    foreach (var step in perStep)
    {
        Console.WriteLine($"  {step.step,-40} {step.median_net_cpu_ms,7:F0} {step.median_cpu_ms,7:F0} {step.median_wall_ms,8:F0}");
    }

    var (appCost, open) = await Measurements.IdleCircuitsAsync(browser, appProcess, openRecovery, arguments.Circuits);
    report["app_rss_per_circuit_kb"] = appCost.RssBytes / 1024;
    report["app_heap_per_circuit_kb"] = appCost.HeapBytes / 1024;
    report["app_rss_split_per_circuit_kb"] = appCost.SplitKb;
    Console.WriteLine($"Server RSS per idle wizard circuit: {appCost.RssBytes / 1024:F0} KB ({appCost.Describe()}), live managed heap {appCost.HeapBytes / 1024:F0} KB ({arguments.Circuits} circuits)");

    if (arguments.Hold > 0)
    {
        // Time to look inside the server while the circuits sit idle: dotnet-gcdump collect -p <pid>.
        Console.WriteLine($"Holding {arguments.Circuits} idle circuits for {arguments.Hold} s; server pid {appProcess.Id}");
        await Task.Delay(TimeSpan.FromSeconds(arguments.Hold));
    }

    var latencies = await StepLatency.MeasureAsync(browser, appProcess, smtp.Mailbox, arguments.Active);
    report["latency_p50_ms"] = Measurements.Percentile(latencies, 50);
    report["latency_p95_ms"] = Measurements.Percentile(latencies, 95);
    report["latency_samples"] = latencies.Count;
    Console.WriteLine($"Step latency with {arguments.Circuits} idle circuits + {arguments.Active} recovering: p50 {Measurements.Percentile(latencies, 50):F0} ms, p95 {Measurements.Percentile(latencies, 95):F0} ms ({latencies.Count} submits)");
    foreach (var context in open)
    {
        await context.CloseAsync();
    }
}
finally
{
    await appProcess.DisposeAsync();
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(database + suffix);
    }
}

if (arguments.Bare is not null)
{
    var barePort = LoopbackPort.Free();
    await using var bare = await AppProcess.StartAsync(arguments.Bare, barePort, bareEnvironment);
    Func<IPage, Task> openBare = MemoryRounds.OpenBare;
    report["bare_first_load_bytes"] = await Measurements.FirstLoadBytesAsync(browser, bare.BaseUrl, openBare);
    var (bareCost, bareOpen) = await Measurements.IdleCircuitsAsync(browser, bare, openBare, arguments.Circuits);
    report["bare_rss_per_circuit_kb"] = bareCost.RssBytes / 1024;
    report["bare_heap_per_circuit_kb"] = bareCost.HeapBytes / 1024;
    report["bare_rss_split_per_circuit_kb"] = bareCost.SplitKb;
    Console.WriteLine($"Bare Blazor Server page: first load {(long)report["bare_first_load_bytes"] / 1024} KB, RSS per idle circuit {bareCost.RssBytes / 1024:F0} KB ({bareCost.Describe()}), live managed heap {bareCost.HeapBytes / 1024:F0} KB");
    foreach (var context in bareOpen)
    {
        await context.CloseAsync();
    }
}

report["loadavg_end"] = File.ReadAllText("/proc/loadavg").Trim();
Console.WriteLine($"loadavg: {report["loadavg_start"]} → {report["loadavg_end"]}");
if (arguments.Out is not null)
{
    await File.WriteAllTextAsync(arguments.Out, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
}

// The demo members with their answers, at the production hashing cost, as Development seeds them.
static async Task SeedAsync(string database)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Recovery"] = $"Data Source={database}",
        ["Recovery:PublicBaseUrl"] = "http://127.0.0.1",
        ["Hashing:AnswerPepper"] = CmqRecovery.Core.Security.HashingOptions.PublicDevelopmentPepper,
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Testing" });
    services.AddRecoveryCore(configuration);
    await using var provider = services.BuildServiceProvider();
    await RecoveryDatabase.InitializeAsync(provider, seedDemoMembers: true);
}

internal sealed record Arguments(string App, string? Bare, int Runs, int Circuits, int Active, int Hold, string? Out, int MemoryRounds)
{
    public static Arguments Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var app = Value("--app") ?? throw new ArgumentException("--app <path to the published CmqRecovery.Web.dll> is required.");
        return new Arguments(app, Value("--bare"), Number("--runs", 5), Number("--circuits", 100), Number("--active", 4), Number("--hold", 0), Value("--out"), Number("--memory-rounds", 0));
    }
}
