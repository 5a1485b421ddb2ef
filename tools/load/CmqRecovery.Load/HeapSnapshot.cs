using System.Diagnostics;

namespace CmqRecovery.Load;

/// <summary>
/// With CMQ_LOAD_DUMP_DIR set, a heap dump (right after the induced full collection) before the idle circuits open
/// and one with them open, so `dotnet-dump analyze` "dumpheap -stat" of the two can be diffed by type: a single
/// snapshot mixes what the circuits hold with what the app holds anyway. Not dotnet-gcdump: on .NET 10 its event
/// buffering is lossy and dropped most of a 60 MB heap.
/// </summary>
internal static class HeapSnapshot
{
    public static async Task TakeAsync(AppProcess app, string label)
    {
        var directory = Environment.GetEnvironmentVariable("CMQ_LOAD_DUMP_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(app.Dll)}-{app.Id}-{label}.dmp");
        using var tool = Process.Start(new ProcessStartInfo("dotnet-dump", ["collect", "--type", "Heap", "-p", app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", output])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("dotnet-dump did not start (dotnet tool install -g dotnet-dump).");
        await tool.StandardOutput.ReadToEndAsync();
        await tool.WaitForExitAsync();
        Console.WriteLine($"Heap snapshot: {output}");
    }
}
