using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// The audio form of a challenge (WCAG 1.1.1): its digits read in the page's language, as a WAV built here. So that
/// no script reads it by sliding the shipped recordings along it, every play varies what is spoken, from the CSPRNG:
/// each digit in one of several voices, its pitch (gliding) and tempo changed, over speech-like babble (other recordings
/// played backwards, quieter than the digits) and light noise; gaps and loudness vary too.
/// </summary>
internal static class CaptchaAudio
{
    private const int HeaderBytes = 44;
    private const float NoiseAmplitude = 500f / short.MaxValue; // about −36 dBFS: audible, well under everything else
    private const int BabbleStreams = 3;
    private static readonly (int Min, int Max) LeadMs = (400, 700);
    private static readonly (int Min, int Max) GapMs = (400, 850);
    private const int TailMs = 400;

    // Per digit: its pitch ×0.88–1.12, gliding by up to ±10 % across the digit, and its length ×0.85–1.08,
    // independently. Wider ranges start to sound wrong.
    private static readonly (double Min, double Max) Pitch = (0.88, 1.12);
    private static readonly (double Min, double Max) Glide = (0.9, 1.1);
    private static readonly (double Min, double Max) Duration = (0.85, 1.08);

    // Each babble stream: backwards recordings at ×0.8–1.25 speed, 0.10–0.16 of the digits' scale, so the three
    // together stay about 10 dB under the digits (docs/CAPTCHA.md has the measured ratios).
    private static readonly (double Min, double Max) BabbleSpeed = (0.8, 1.25);
    private static readonly (double Min, double Max) BabbleGain = (0.10, 0.16);

    /// <summary>The digits and what lies under them, kept apart so their loudness can be measured (tools/captcha-audio).</summary>
    internal sealed record Mix(float[] Speech, float[] Background);

    public static byte[] Render(string digits, string language) => Render(Compose(digits, language));

    /// <summary>The WAV of a mix: digits and background added, scaled down only if their sum would clip.</summary>
    internal static byte[] Render(Mix mix)
    {
        var peak = 0f;
        for (var i = 0; i < mix.Speech.Length; i++)
        {
            peak = Math.Max(peak, Math.Abs(mix.Speech[i] + mix.Background[i]));
        }

        // Babble peaks meeting a digit's must not clip it: scale the whole down instead.
        var scale = short.MaxValue * Math.Min(1f, 0.97f / peak);
        var samples = new short[mix.Speech.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Clamp((mix.Speech[i] + mix.Background[i]) * scale, short.MinValue, short.MaxValue);
        }

        return Wav(samples);
    }

    internal static Mix Compose(string digits, string language)
    {
        var voices = CaptchaVoice.Voices(language);
        var spoken = digits.Select(d => Speak(voices[RandomNumberGenerator.GetInt32(voices.Length)][d - '0'])).ToList();
        var gaps = spoken.Select(_ => Samples(GapMs)).ToList();
        var lead = Samples(LeadMs);
        var length = lead + spoken.Sum(c => c.Length) + gaps.Take(gaps.Count - 1).Sum() + TailMs * CaptchaVoice.SampleRate / 1000;

        var speech = new float[length];
        var at = lead;
        for (var i = 0; i < spoken.Count; i++)
        {
            // Each digit a little louder or softer (70–100 %).
            var gain = (float)Uniform(0.7, 1.0);
            for (var n = 0; n < spoken[i].Length; n++)
            {
                speech[at + n] = spoken[i][n] * gain;
            }

            at += spoken[i].Length + gaps[i];
        }

        var background = Noise(length);
        for (var stream = 0; stream < BabbleStreams; stream++)
        {
            AddBabble(background, voices);
        }

        return new Mix(speech, background);
    }

    /// <summary>One recording in a pitch and at a tempo of its own.</summary>
    private static float[] Speak(short[] recording)
    {
        var pitch = Uniform(Pitch.Min, Pitch.Max);
        return CaptchaSpeechWarp.Warp(Floats(recording), pitch, pitch * Uniform(Glide.Min, Glide.Max), Uniform(Duration.Min, Duration.Max));
    }

    /// <summary>
    /// One voice of babble over the whole clip: random recordings of the language, backwards (speech-like, never a
    /// digit), each at its own speed, end to end from a random start.
    /// </summary>
    private static void AddBabble(float[] into, short[][][] voices)
    {
        var gain = (float)Uniform(BabbleGain.Min, BabbleGain.Max);
        var at = -RandomNumberGenerator.GetInt32(CaptchaVoice.SampleRate / 2);
        while (at < into.Length)
        {
            var recording = Floats(voices[RandomNumberGenerator.GetInt32(voices.Length)][RandomNumberGenerator.GetInt32(10)]);
            recording.AsSpan().Reverse();
            var clip = CaptchaSpeechWarp.Resample(recording, Uniform(BabbleSpeed.Min, BabbleSpeed.Max));
            for (var n = Math.Max(0, -at); n < clip.Length && at + n < into.Length; n++)
            {
                into[at + n] += clip[n] * gain;
            }

            at += clip.Length + RandomNumberGenerator.GetInt32(CaptchaVoice.SampleRate / 12);
        }
    }

    private static float[] Floats(short[] samples) => [.. samples.Select(s => s / (float)short.MaxValue)];

    /// <summary>A CSPRNG draw in [min, max], in millionths.</summary>
    private static double Uniform(double min, double max) => min + (max - min) * RandomNumberGenerator.GetInt32(1_000_001) / 1_000_000.0;

    private static int Samples((int Min, int Max) milliseconds) =>
        RandomNumberGenerator.GetInt32(milliseconds.Min, milliseconds.Max + 1) * CaptchaVoice.SampleRate / 1000;

    private static float[] Noise(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length * 2);
        var noise = new float[length];
        for (var i = 0; i < length; i++)
        {
            noise[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i)) / (float)short.MaxValue * NoiseAmplitude;
        }

        return noise;
    }

    /// <summary>A canonical 44-byte RIFF header, then the samples: 8 kHz mono 16-bit PCM.</summary>
    private static byte[] Wav(short[] samples)
    {
        var data = samples.Length * 2;
        var wav = new byte[HeaderBytes + data];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + data);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], CaptchaVoice.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], CaptchaVoice.SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], data);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(HeaderBytes + 2 * i)..], samples[i]);
        }

        return wav;
    }
}
