using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace CmqRecovery.Load;

/// <summary>
/// The managed heap a process keeps alive: it is made to run a full, blocking collection (as `dotnet-gcdump` does,
/// by enabling the runtime's GCHeapCollect keyword over the diagnostics port) and the generation sizes that
/// collection reports are summed. RSS cannot say this: the server GC keeps what it committed, so an RSS delta counts
/// whatever garbage the last collection happened to leave (one build read 730 to 1,110 KB per circuit over five
/// rounds). The app and the bare page get the same treatment.
/// </summary>
internal static class FullCollection
{
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    public static async Task<long> LiveHeapBytesAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        using var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword),
            requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var induced = false;
        long? live = null;
        source.Clr.GCStart += e => induced |= e.Reason == GCReason.Induced;
        source.Clr.GCHeapStats += e =>
        {
            if (induced && live is null)
            {
                live = e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4;
                _ = session.StopAsync(CancellationToken.None);
            }
        };

        var reading = Task.Run(source.Process);
        if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(30))) != reading)
        {
            await session.StopAsync(CancellationToken.None);
            throw new TimeoutException($"Process {processId} reported no induced collection within 30 s.");
        }

        return live ?? throw new InvalidOperationException($"Process {processId} ended its trace without heap statistics.");
    }
}
