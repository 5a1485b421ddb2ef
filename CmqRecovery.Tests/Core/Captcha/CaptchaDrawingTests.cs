using CmqRecovery.Core.Captcha;

namespace CmqRecovery.Tests.Core.Captcha;

public sealed class CaptchaDrawingTests
{
    [Fact]
    public async Task DrawAsync_ManyCallersAtOnce_DrawsEveryImageOnTheOneDrawingThread()
    {
        var renderer = new ThreadRecordingRenderer();
        using var drawing = new CaptchaDrawing(renderer);

        var codes = Enumerable.Range(0, 40).Select(i => $"{20000 + i}").ToList();
        var images = await Task.WhenAll(codes.Select(code => Task.Run(() => drawing.DrawAsync(code))));

        // One thread, hence one malloc arena for SkiaSharp's native buffers.
        Assert.Equal([CaptchaDrawing.ThreadName], renderer.Threads.Distinct());
        Assert.Equal(codes.Count, renderer.Threads.Count);
        Assert.All(images, png => Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]));
    }

    [Fact]
    public async Task DrawAsync_DrawingFails_FaultsThatCallerOnlyAndKeepsDrawing()
    {
        using var drawing = new CaptchaDrawing(new ThreadRecordingRenderer { FailOn = "66666" });

        await Assert.ThrowsAsync<InvalidOperationException>(() => drawing.DrawAsync("66666"));

        Assert.NotEmpty(await drawing.DrawAsync("23456"));
    }

    [Fact]
    public async Task DrawAsync_AfterDispose_IsRefusedAndDrawsNothing()
    {
        var renderer = new ThreadRecordingRenderer();
        var drawing = new CaptchaDrawing(renderer);
        drawing.Dispose();

        await Assert.ThrowsAsync<System.Threading.Channels.ChannelClosedException>(() => drawing.DrawAsync("23456"));
        Assert.Empty(renderer.Threads);
    }

    private sealed class ThreadRecordingRenderer : CaptchaRenderer
    {
        private readonly List<string?> _threads = [];

        public string? FailOn { get; init; }

        public IReadOnlyList<string?> Threads
        {
            get
            {
                lock (_threads)
                {
                    return [.. _threads];
                }
            }
        }

        public override byte[] Render(string digits)
        {
            if (digits == FailOn)
            {
                throw new InvalidOperationException("SkiaSharp could not create the captcha surface.");
            }

            lock (_threads)
            {
                _threads.Add(Thread.CurrentThread.Name);
            }

            return base.Render(digits);
        }
    }
}
