using BenchmarkDotNet.Attributes;
using CmqRecovery.Core.Captcha;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// Time to mix one spoken captcha as the app does (voice per digit, pitch, glide and tempo per digit, babble, WAV):
/// what each « Écouter les chiffres » costs the node (docs/CAPTCHA.md).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinIterationCount(10)]
[MaxIterationCount(20)]
public class CaptchaAudioRenderBenchmarks
{
    [Params("fr", "en")]
    public string Language { get; set; } = "fr";

    [Benchmark]
    public byte[] Render() => CaptchaAudio.Render(CaptchaCode.Generate(), Language);
}
