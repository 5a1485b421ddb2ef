using System.Diagnostics;
using System.Globalization;

namespace CmqRecovery.Load;

/// <summary>
/// A published web app started as its own process on loopback, whose CPU and memory are read from /proc — the
/// server's own figures, not the load tool's or the browser's.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(1) };
    private readonly Process _process;

    private AppProcess(Process process, string baseUrl, string dll)
    {
        _process = process;
        BaseUrl = baseUrl;
        Dll = dll;
    }

    public string BaseUrl { get; }

    public string Dll { get; }

    public int Id => _process.Id;

    /// <summary>User + system CPU of the whole process (all threads, living or gone), from /proc/pid/stat.</summary>
    public TimeSpan Cpu
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{Id}/stat");
            // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
    }

    /// <summary>
    /// Starts <c>dotnet app.dll</c> in its publish folder and waits until it answers: at most five minutes, since with
    /// tiered compilation off every method is fully optimised before it first runs, which is slow on a busy machine.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string dll, int port, IReadOnlyDictionary<string, string> environment)
    {
        var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        foreach (var (key, value) in BehindProxy.AppSettings) // a bare app has no use for it, and ignores it
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var log = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.Add(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.Add(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, baseUrl, dll);
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await Http.GetAsync(baseUrl + "/");
                return app;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        string output;
        lock (log)
        {
            output = string.Join('\n', log.TakeLast(30));
        }

        await app.DisposeAsync();
        throw new InvalidOperationException($"{dll} did not answer on {baseUrl}:\n{output}");
    }

    /// <summary>CPU spent while <paramref name="action"/> runs.</summary>
    public async Task<TimeSpan> MeasureCpuAsync(Func<Task> action)
    {
        var before = Cpu;
        await action();
        return Cpu - before;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
