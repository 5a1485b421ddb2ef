using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// One app node: a real `dotnet CmqRecovery.Web.dll` process (the published app) on a free loopback port, configured
/// only through environment variables, as an operator would. Its console output is kept for failure messages.
/// </summary>
public sealed class AppNode : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppNode(string name, string route, int port, Process process)
    {
        Name = name;
        Route = route;
        Port = port;
        _process = process;
    }

    public string Name { get; }

    /// <summary>The server's name in deploy/haproxy.cfg (node1, node2): a CMQNODE cookie with it sends a browser there.</summary>
    public string Route { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the node wrote (console logger), for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>
    /// The errors the node logged (outside Development the console carries one JSON object per line; LogLevel Error or
    /// Critical). None is excused: a PostgreSQL serialisation failure or deadlock that the execution strategy retries
    /// is logged as a Warning (CmqRecovery.Core/Data/PostgreSqlRetries.cs), and one it gives up on is an Error that
    /// must fail the test.
    /// </summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            var errors = new List<string>();
            foreach (var line in _output)
            {
                if (!line.StartsWith('{'))
                {
                    continue;
                }

                using var entry = JsonDocument.Parse(line);
                var root = entry.RootElement;
                var level = root.TryGetProperty("LogLevel", out var l) ? l.GetString() : null;
                if (level is not ("Error" or "Critical"))
                {
                    continue;
                }

                errors.Add(line);
            }

            return errors;
        }
    }

    /// <summary>Starts the node and waits until it answers /healthz (or fails with its output if it exits or stalls).</summary>
    public static async Task<AppNode> StartAsync(string name, string route, string publishedFolder, IReadOnlyDictionary<string, string?> settings, string environment = "Testing")
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = publishedFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(publishedFolder, "CmqRecovery.Web.dll"));

        // Nothing inherited from the test process configures the node: only what is set here.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var node = new AppNode(name, route, port, process);
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitUntilAnsweringAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>SIGKILL: the process ends at once, without stopping its circuits, its sender or its connections.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    // A bounded wait for start-up (migrations, key ring, warm-up), not a retry of anything under test.
    private async Task WaitUntilAnsweringAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} at start:\n{RecentOutput}");
            }

            try
            {
                using var response = await client.GetAsync($"{BaseUrl}/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} did not answer /healthz within {StartTimeout}:\n{RecentOutput}");
    }
}
