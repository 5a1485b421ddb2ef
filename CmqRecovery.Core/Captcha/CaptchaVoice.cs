using System.Buffers.Binary;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// The spoken digits embedded in this assembly: espeak-ng recordings in French and English, 8 kHz mono 16-bit
/// PCM, made by tools/captcha-audio/make-digits.sh. Loaded once.
/// </summary>
internal static class CaptchaVoice
{
    public const int SampleRate = 8000;

    public static readonly string[] Languages = ["fr", "en"];

    private static readonly Lazy<Dictionary<string, short[][]>> Loaded =
        new(() => Languages.ToDictionary(l => l, LoadLanguage), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The samples of <paramref name="digit"/> in <paramref name="language"/> (fr unless en).</summary>
    public static short[] Digit(string language, char digit) =>
        Loaded.Value[language == "en" ? "en" : "fr"][digit - '0'];

    private static short[][] LoadLanguage(string language) =>
        [.. Enumerable.Range(0, 10).Select(d => Load($"CmqRecovery.Core.Captcha.Voice.{language}/{d}.wav"))];

    private static short[] Load(string name)
    {
        var assembly = typeof(CaptchaVoice).Assembly;
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The captcha voice clip {name} is not embedded in {assembly.GetName().Name}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return PcmSamples(memory.ToArray(), name);
    }

    /// <summary>The samples of a RIFF/WAVE file's data chunk; refuses anything but 8 kHz mono 16-bit PCM.</summary>
    private static short[] PcmSamples(byte[] wav, string name)
    {
        var format = false;
        for (var at = 12; at + 8 <= wav.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, at, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(at + 4));
            var body = wav.AsSpan(at + 8, Math.Min(size, wav.Length - at - 8));
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadInt16LittleEndian(body) == 1 && BinaryPrimitives.ReadInt16LittleEndian(body[2..]) == 1
                    && BinaryPrimitives.ReadInt32LittleEndian(body[4..]) == SampleRate && BinaryPrimitives.ReadInt16LittleEndian(body[14..]) == 16;
            }
            else if (id == "data" && format)
            {
                var samples = new short[body.Length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]);
                }

                return samples;
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidOperationException($"{name} is not {SampleRate} Hz mono 16-bit PCM WAV.");
    }
}
