using System.Diagnostics;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// The web app as it is deployed: `dotnet publish` of the Web project (once per test run, from the build the tests
/// already made), so a node runs `dotnet CmqRecovery.Web.dll` with its static assets in any environment. A build
/// output serves the framework's and packages' assets only in Development; a published app serves them everywhere.
/// </summary>
public static class PublishedWeb
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _folder;

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The repository root: where CmqRecovery.sln is, above the test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The published folder (holding CmqRecovery.Web.dll), publishing it on first use.</summary>
    public static async Task<string> FolderAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_folder is not null)
            {
                return _folder;
            }

            var output = Path.Combine(AppContext.BaseDirectory, "multinode-web");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryRoot,
            };
            // --no-build: the test run built the Web project already (a project reference), in this configuration.
            foreach (var argument in new[]
            {
                "publish", Path.Combine(RepositoryRoot, "CmqRecovery.Web", "CmqRecovery.Web.csproj"),
                "-c", Configuration, "--no-build", "--nologo", "-o", output,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (process.ExitCode != 0 || !File.Exists(Path.Combine(output, "CmqRecovery.Web.dll")))
            {
                throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
            }

            return _folder = output;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CmqRecovery.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No CmqRecovery.sln above {AppContext.BaseDirectory}: the multi-node tests run from the repository.");
    }
}
