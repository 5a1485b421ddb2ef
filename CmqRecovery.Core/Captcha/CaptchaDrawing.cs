using System.Threading.Channels;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Draws every captcha on one long-lived thread. SkiaSharp's native buffers (the 77 KB surface, zlib's deflate state
/// of about 256 KB) are malloc'd by the thread that draws. Drawn on thread-pool threads, they came from as many glibc
/// arenas as there were threads, and each arena kept the freed memory resident: a few hundred KB of RSS per idle wizard
/// circuit at 100 circuits (docs/PERFORMANCE.md). One thread draws from one arena. At about 1.2 ms a drawing, it draws
/// some 800 a second; the per-IP limits before it admit far fewer.
/// </summary>
public sealed class CaptchaDrawing : IDisposable
{
    public const string ThreadName = "Captcha drawing";

    // Bounded so that a burst waits for the drawing thread instead of queuing memory without end.
    private readonly Channel<Job> _jobs = Channel.CreateBounded<Job>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CaptchaRenderer _renderer;

    public CaptchaDrawing(CaptchaRenderer renderer)
    {
        _renderer = renderer;
        new Thread(DrawAll) { IsBackground = true, Name = ThreadName }.Start();
    }

    /// <summary>The PNG of <paramref name="digits"/>, drawn on the drawing thread.</summary>
    public async Task<byte[]> DrawAsync(string digits, CancellationToken cancellationToken = default)
    {
        var job = new Job(digits, new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _jobs.Writer.WriteAsync(job, cancellationToken);
        return await job.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Lets the thread finish what is queued, then end.</summary>
    public void Dispose() => _jobs.Writer.TryComplete();

    private void DrawAll()
    {
        // Blocking waits: this thread does nothing else, and its continuations must not move to the pool.
        var reader = _jobs.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var job))
            {
                try
                {
                    job.Done.SetResult(_renderer.Render(job.Digits));
                }
                catch (Exception exception)
                {
                    job.Done.SetException(exception);
                }
            }
        }
    }

    private sealed record Job(string Digits, TaskCompletionSource<byte[]> Done);
}
