using System.Diagnostics;
using CmqRecovery.Core.Security;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CmqRecovery.Load;

internal static class Measurements
{
    /// <summary>
    /// One KDF as the server runs it (SecretHasher, PBKDF2-HMAC-SHA512 at the production 210,000 iterations), in this
    /// process's CPU time on this machine: the unit the recovery's cost is expressed in. Median of <paramref name="runs"/>.
    /// </summary>
    public static async Task<TimeSpan> OneKdfAsync(int runs = 7)
    {
        using var hasher = new SecretHasher(Options.Create(new HashingOptions { Iterations = 210_000 }));
        using var slot = await hasher.EnterAsync();
        var hash = slot.Hash("Saint-Jean-Baptiste|Trois-Rivières");
        var samples = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            slot.Verify(hash, "Saint-Jean-Baptiste|Trois-Rivières");
            samples.Add(Process.GetCurrentProcess().TotalProcessorTime - before);
        }

        return Median(samples);
    }

    /// <summary>Bytes the browser received for a first visit (headers + encoded bodies), cache empty.</summary>
    public static async Task<long> FirstLoadBytesAsync(IBrowser browser, string baseUrl, Func<IPage, Task> openInteractive)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 360, Height = 740 }, ExtraHTTPHeaders = BehindProxy.Headers });
        var page = await context.NewPageAsync();
        var requests = new List<IRequest>();
        page.RequestFinished += (_, request) => { lock (requests) { requests.Add(request); } };
        await openInteractive(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        long total = 0;
        foreach (var request in requests.ToList())
        {
            var sizes = await request.SizesAsync();
            total += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }

        await context.CloseAsync();
        return total;
    }

    /// <summary>
    /// Per idle circuit, after one warm-up page: the RSS delta (the figure), its split by mapping, and the live managed heap delta, over
    /// <paramref name="count"/> pages opened (a few at a time) and left idle. Returns the pages, still open (the caller
    /// closes them). Both readings are taken the same way at both ends: a full collection (which also reads the live
    /// heap), two seconds, then RSS. Before, RSS was read first and the collection came between the two readings, so
    /// the delta carried the collection's own native cost (its EventPipe session's buffers, which glibc keeps in
    /// per-thread arenas) unevenly: more for the process with more threads.
    /// </summary>
    public static async Task<(IdleCircuitCost PerCircuit, List<IBrowserContext> Open)> IdleCircuitsAsync(
        IBrowser browser, AppProcess app, Func<IPage, Task> openInteractive, int count)
    {
        var warmUp = await browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ExtraHTTPHeaders = BehindProxy.Headers });
        await openInteractive(await warmUp.NewPageAsync());
        await warmUp.CloseAsync();
        await Task.Delay(2000);
        var heapBefore = await FullCollection.LiveHeapBytesAsync(app.Id);
        await Task.Delay(2000);
        var before = RssSplit.ReadKb(app.Id);
        await HeapSnapshot.TakeAsync(app, "0");
        var open = new List<IBrowserContext>();
        for (var i = 0; i < count; i += 5)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(5, count - i)).Select(async _ =>
            {
                var context = await browser.NewContextAsync(new() { BaseURL = app.BaseUrl, ViewportSize = new() { Width = 360, Height = 740 }, ExtraHTTPHeaders = BehindProxy.Headers });
                lock (open) { open.Add(context); }
                await openInteractive(await context.NewPageAsync());
            }));
        }

        await Task.Delay(3000);
        var heap = (await FullCollection.LiveHeapBytesAsync(app.Id) - heapBefore) / (double)count;
        await Task.Delay(2000);
        var split = RssSplit.ReadKb(app.Id).ToDictionary(p => p.Key, p => (p.Value - before[p.Key]) / (double)count);
        var rss = split.Values.Sum() * 1024; // the parts of one reading: they add up to the RSS by construction
        await HeapSnapshot.TakeAsync(app, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (new IdleCircuitCost(rss, heap, split), open);
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> values) =>
        TimeSpan.FromTicks((long)Median(values.Select(v => (double)v.Ticks)));

    public static double Median(IEnumerable<double> values) => Percentile(values, 50);

    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = percentile / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}

/// <summary>What one idle circuit added to the server: RSS and live managed heap in bytes, RSS split in KB (<see cref="RssSplit"/>).</summary>
internal sealed record IdleCircuitCost(double RssBytes, double HeapBytes, IReadOnlyDictionary<string, double> SplitKb)
{
    public string Describe() => string.Join(", ", SplitKb.Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F0}")));
}
