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
    /// <paramref name="clip"/> lasting about <paramref name="duration"/> times as long, its pitch multiplied by a factor
    /// that glides from <paramref name="pitchFrom"/> to <paramref name="pitchTo"/> (intonation, as a speaker's would).
    /// </summary>
    public static float[] Warp(ReadOnlySpan<float> clip, double pitchFrom, double pitchTo, double duration) =>
        Resample(Stretch(clip, duration * (pitchFrom + pitchTo) / 2), pitchFrom, pitchTo);

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
    public static float[] Resample(ReadOnlySpan<float> x, double step) => Resample(x, step, step);

    /// <summary>The same, the step moving linearly from <paramref name="stepFrom"/> at the start to <paramref name="stepTo"/> at the end.</summary>
    public static float[] Resample(ReadOnlySpan<float> x, double stepFrom, double stepTo)
    {
        var y = new List<float>((int)(x.Length / Math.Min(stepFrom, stepTo)) + 1);
        for (var position = 0.0; position < x.Length - 1;)
        {
            var left = (int)position;
            var fraction = (float)(position - left);
            y.Add(At(x, left) * (1 - fraction) + At(x, left + 1) * fraction);
            position += stepFrom + (stepTo - stepFrom) * position / x.Length;
        }

        return [.. y];
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
