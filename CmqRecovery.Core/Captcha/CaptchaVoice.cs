using System.Buffers.Binary;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// The spoken digits embedded in this assembly: espeak-ng recordings in French and English, several voices per
/// language (Voice/{language}/{voice}/{digit}.wav), 8 kHz mono 16-bit PCM, made by tools/captcha-audio/make-digits.sh.
/// Loaded once.
/// </summary>
internal static class CaptchaVoice
{
    public const int SampleRate = 8000;

    public static readonly string[] Languages = ["fr", "en"];

    private const string Prefix = "CmqRecovery.Core.Captcha.Voice.";

    // language → voice → digit → samples
    private static readonly Lazy<Dictionary<string, short[][][]>> Loaded =
        new(() => Languages.ToDictionary(l => l, LoadLanguage), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every recording of <paramref name="digit"/> in <paramref name="language"/> (fr unless en), one per voice.</summary>
    public static IReadOnlyList<short[]> Recordings(string language, char digit) =>
        [.. Voices(language).Select(voice => voice[digit - '0'])];

    /// <summary>The voices of <paramref name="language"/> (fr unless en), each the ten digits in order.</summary>
    public static short[][][] Voices(string language) => Loaded.Value[language == "en" ? "en" : "fr"];

    private static short[][][] LoadLanguage(string language)
    {
        var assembly = typeof(CaptchaVoice).Assembly;
        var voices = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith($"{Prefix}{language}/", StringComparison.Ordinal) && n.EndsWith(".wav", StringComparison.Ordinal))
            .Select(n => n[(Prefix.Length + language.Length + 1)..].Split('/'))
            .Where(parts => parts.Length == 2)
            .Select(parts => parts[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (voices.Count == 0)
        {
            throw new InvalidOperationException($"No captcha voice for {language} is embedded in {assembly.GetName().Name}.");
        }

        return [.. voices.Select(voice => Enumerable.Range(0, 10).Select(d => Load($"{Prefix}{language}/{voice}/{d}.wav")).ToArray())];
    }

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
    internal static short[] PcmSamples(byte[] wav, string name)
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
