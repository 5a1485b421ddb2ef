using BenchmarkDotNet.Attributes;
using CmqRecovery.Core.Captcha;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// Time to draw one captcha PNG as the app does (CSPRNG code and distortion), and the PNG's size: median and
/// p99 per call, allocated bytes. The PNG size is printed once at setup (mean over 200 renders).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(P99Config))]
[MinIterationCount(20)]
[MaxIterationCount(40)]
public class CaptchaRenderBenchmarks
{
    private readonly CaptchaRenderer _renderer = new();

    private sealed class P99Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public P99Config() => AddColumn(new P99Column());
    }

    [GlobalSetup]
    public void Setup()
    {
        var sizes = Enumerable.Range(0, 200).Select(_ => _renderer.Render(CaptchaCode.Generate()).Length).Order().ToArray();
        Console.WriteLine($"// Captcha PNG size over 200 renders: median {sizes[100]} B, min {sizes[0]} B, max {sizes[^1]} B");
    }

    [Benchmark]
    public byte[] Render() => _renderer.Render(CaptchaCode.Generate());
}
