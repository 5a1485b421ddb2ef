using System.Numerics;

namespace CmqRecovery.Tests.Core.Captcha;

/// <summary>
/// The attack issue 17 measured against the audio captcha, written out so it can be rerun: slide every shipped digit
/// recording along the audio (normalised cross-correlation, through an FFT), then take the five best
/// non-overlapping matches, left to right, as the answer. It needs nothing but the recordings from the source tree.
/// Shared by CaptchaAudioMatchingTests and tools/captcha-audio-attack.
/// </summary>
public sealed class AudioClipMatcher
{
    // 8.2 s at 8 kHz: at least the longest clip (8 s), so the correlation at every start a recording fits from
    // never wraps around (a circular correlation wraps only past Size minus the recording's length).
    private const int Size = 1 << 16;

    private readonly List<(char Digit, int Length, Complex[] Spectrum)> _templates = [];

    /// <param name="recordings">Each shipped recording with the digit it says.</param>
    public AudioClipMatcher(IEnumerable<(char Digit, short[] Samples)> recordings)
    {
        foreach (var (digit, samples) in recordings)
        {
            // Zero mean, unit norm: the correlation with a window is then its NCC once divided by the window's norm.
            var mean = samples.Average(s => (double)s);
            var centred = samples.Select(s => s - mean).ToArray();
            var norm = Math.Sqrt(centred.Sum(v => v * v));
            var spectrum = new Complex[Size];
            for (var i = 0; i < centred.Length; i++)
            {
                spectrum[i] = centred[i] / norm;
            }

            Fft(spectrum, inverse: false);
            for (var i = 0; i < Size; i++)
            {
                spectrum[i] = Complex.Conjugate(spectrum[i]);
            }

            _templates.Add((digit, samples.Length, spectrum));
        }
    }

    /// <summary>The <paramref name="count"/> digits the recordings find in <paramref name="audio"/>, in order.</summary>
    public string Read(short[] audio, int count = 5)
    {
        if (audio.Length > Size)
        {
            throw new ArgumentException($"{audio.Length} samples: more than the {Size} this matcher reads.", nameof(audio));
        }

        var shortest = _templates.Min(t => t.Length);
        var positions = audio.Length - shortest + 1;
        var bestScore = Enumerable.Repeat(double.NegativeInfinity, Math.Max(0, positions)).ToArray();
        var bestTemplate = new int[bestScore.Length];

        var signal = new Complex[Size];
        for (var i = 0; i < audio.Length; i++)
        {
            signal[i] = audio[i];
        }

        Fft(signal, inverse: false);
        var prefix = new double[audio.Length + 1];
        var prefixSquares = new double[audio.Length + 1];
        for (var i = 0; i < audio.Length; i++)
        {
            prefix[i + 1] = prefix[i] + audio[i];
            prefixSquares[i + 1] = prefixSquares[i] + (double)audio[i] * audio[i];
        }

        // Two real correlations per inverse FFT: one in the real part, the other in the imaginary part.
        var product = new Complex[Size];
        for (var t = 0; t < _templates.Count; t += 2)
        {
            var second = t + 1 < _templates.Count ? _templates[t + 1].Spectrum : null;
            for (var k = 0; k < Size; k++)
            {
                product[k] = signal[k] * _templates[t].Spectrum[k]
                    + (second is null ? Complex.Zero : Complex.ImaginaryOne * signal[k] * second[k]);
            }

            Fft(product, inverse: true);
            Score(t, product, useImaginary: false);
            if (second is not null)
            {
                Score(t + 1, product, useImaginary: true);
            }
        }

        // Greedy: the best match anywhere, then the best that does not overlap it, and so on.
        var found = new List<(int At, char Digit)>();
        var taken = new bool[bestScore.Length];
        while (found.Count < count)
        {
            var at = -1;
            for (var i = 0; i < bestScore.Length; i++)
            {
                if (!taken[i] && (at < 0 || bestScore[i] > bestScore[at]))
                {
                    at = i;
                }
            }

            if (at < 0)
            {
                break;
            }

            var template = _templates[bestTemplate[at]];
            found.Add((at, template.Digit));
            for (var i = Math.Max(0, at - template.Length); i < Math.Min(taken.Length, at + template.Length); i++)
            {
                taken[i] = true;
            }
        }

        return new string([.. found.OrderBy(f => f.At).Select(f => f.Digit)]);

        void Score(int template, Complex[] correlation, bool useImaginary)
        {
            var length = _templates[template].Length;
            for (var at = 0; at + length <= audio.Length; at++)
            {
                var sum = prefix[at + length] - prefix[at];
                var energy = prefixSquares[at + length] - prefixSquares[at] - sum * sum / length;
                if (energy <= 1e-9)
                {
                    continue;
                }

                var value = useImaginary ? correlation[at].Imaginary : correlation[at].Real;
                var ncc = value / Size / Math.Sqrt(energy);
                if (ncc > bestScore[at])
                {
                    (bestScore[at], bestTemplate[at]) = (ncc, template);
                }
            }
        }
    }

    /// <summary>The samples of a RIFF/WAVE file's data chunk (the shipped recordings and the captcha are 16-bit mono).</summary>
    public static short[] Pcm(byte[] wav)
    {
        for (var at = 12; at + 8 <= wav.Length;)
        {
            var size = BitConverter.ToInt32(wav, at + 4);
            if (System.Text.Encoding.ASCII.GetString(wav, at, 4) == "data")
            {
                var samples = new short[Math.Min(size, wav.Length - at - 8) / 2];
                Buffer.BlockCopy(wav, at + 8, samples, 0, samples.Length * 2);
                return samples;
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException("no data chunk");
    }

    /// <summary>In-place iterative radix-2 FFT (unnormalised both ways).</summary>
    private static void Fft(Complex[] data, bool inverse)
    {
        var n = data.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (var length = 2; length <= n; length <<= 1)
        {
            var angle = 2 * Math.PI / length * (inverse ? 1 : -1);
            var step = new Complex(Math.Cos(angle), Math.Sin(angle));
            for (var start = 0; start < n; start += length)
            {
                var w = Complex.One;
                for (var k = 0; k < length / 2; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + length / 2] * w;
                    data[start + k] = even + odd;
                    data[start + k + length / 2] = even - odd;
                    w *= step;
                }
            }
        }
    }
}
