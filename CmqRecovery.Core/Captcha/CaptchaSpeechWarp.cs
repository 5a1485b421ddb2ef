namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Pitch and tempo changes on 8 kHz speech, independent of each other: a WSOLA time stretch (tempo, pitch kept)
/// followed by a resampling (pitch and tempo together). Plain signal processing on floats, no randomness here: the
/// caller draws the factors from the CSPRNG.
/// </summary>
internal static class CaptchaSpeechWarp
{
    private const int Frame = 256; // 32 ms: a few pitch periods of a voice
    private const int Hop = Frame / 2; // Hann windows at half overlap add up to one
    private const int Tolerance = 48; // how far WSOLA may move a frame to keep the waveform continuous

    private static readonly float[] Window = [.. Enumerable.Range(0, Frame).Select(n => (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * n / Frame)))];

    /// <summary>
    /// <paramref name="clip"/> lasting <paramref name="duration"/> times as long, its pitch multiplied by <paramref name="pitch"/>.
    /// </summary>
    public static float[] Warp(ReadOnlySpan<float> clip, double pitch, double duration) =>
        Resample(Stretch(clip, duration * pitch), pitch);

    /// <summary>The same speech <paramref name="factor"/> times as long, at the same pitch (WSOLA).</summary>
    public static float[] Stretch(ReadOnlySpan<float> x, double factor)
    {
        var length = (int)(x.Length * factor);
        var y = new float[length + Frame];
        var previous = 0;
        for (var k = 0; k * Hop < length; k++)
        {
            var nominal = (int)(k * Hop / factor);
            var chosen = k == 0 ? 0 : BestMatch(x, previous + Hop, nominal);
            for (var n = 0; n < Frame; n++)
            {
                y[k * Hop + n] += Window[n] * At(x, chosen + n);
            }

            previous = chosen;
        }

        return y[..length];
    }

    /// <summary>
    /// Read at <paramref name="step"/> samples per output sample (linear interpolation): step &gt; 1 raises the pitch
    /// and shortens, step &lt; 1 lowers and lengthens.
    /// </summary>
    public static float[] Resample(ReadOnlySpan<float> x, double step)
    {
        var y = new float[Math.Max(0, (int)((x.Length - 1) / step))];
        for (var i = 0; i < y.Length; i++)
        {
            var position = i * step;
            var left = (int)position;
            var fraction = (float)(position - left);
            y[i] = At(x, left) * (1 - fraction) + At(x, left + 1) * fraction;
        }

        return y;
    }

    /// <summary>The start near <paramref name="nominal"/> whose frame best continues the waveform at <paramref name="natural"/>.</summary>
    private static int BestMatch(ReadOnlySpan<float> x, int natural, int nominal)
    {
        var best = nominal;
        var bestScore = double.NegativeInfinity;
        for (var candidate = Math.Max(0, nominal - Tolerance); candidate <= nominal + Tolerance; candidate++)
        {
            double score = 0;
            for (var n = 0; n < Frame; n += 2)
            {
                score += At(x, natural + n) * At(x, candidate + n);
            }

            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best;
    }

    private static float At(ReadOnlySpan<float> x, int index) => index >= 0 && index < x.Length ? x[index] : 0f;
}
