using System.Diagnostics;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// A test that needs a command-line tool (a Debian package): skipped with an install hint when the tool is not on
/// PATH, except under CI=true, where it runs and fails on the missing tool, as the browser tests do.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool, string debianPackage)
    {
        Timeout = 600_000;
        if (!ExternalTool.IsInstalled(tool) && !BrowserAvailability.RunningInCi)
        {
            Skip = $"{tool} is not installed: `apt-get install {debianPackage}` to run this test.";
        }
    }
}

public static class ExternalTool
{
    public static bool IsInstalled(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));

    /// <summary>Runs <paramref name="tool"/> and returns its standard output; throws when it fails.</summary>
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {await error}");
    }
}
