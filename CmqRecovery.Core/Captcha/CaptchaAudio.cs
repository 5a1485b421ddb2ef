using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// The audio form of a challenge (WCAG 1.1.1): its digits read in the page's language over light noise, as a WAV
/// built here. Gaps, loudness and noise come from the CSPRNG, so two renders of the same code never share bytes
/// and the clip is not one fixed concatenation a script could match.
/// </summary>
internal static class CaptchaAudio
{
    private const int HeaderBytes = 44;
    private const short NoiseAmplitude = 700; // about −33 dBFS: audible, well under the voice
    private static readonly (int Min, int Max) LeadMs = (400, 700);
    private static readonly (int Min, int Max) GapMs = (450, 950);
    private const int TailMs = 400;

    public static byte[] Render(string digits, string language)
    {
        var clips = digits.Select(d => CaptchaVoice.Digit(language, d)).ToList();
        var gaps = clips.Select(_ => Samples(GapMs)).ToList();
        var lead = Samples(LeadMs);
        var length = lead + clips.Sum(c => c.Length) + gaps.Take(gaps.Count - 1).Sum() + TailMs * CaptchaVoice.SampleRate / 1000;

        var mix = Noise(length);
        var at = lead;
        for (var i = 0; i < clips.Count; i++)
        {
            // Each digit a little louder or softer (70–100 %).
            var gain = RandomNumberGenerator.GetInt32(70, 101) / 100f;
            foreach (var sample in clips[i])
            {
                mix[at] = (short)Math.Clamp(mix[at] + sample * gain, short.MinValue, short.MaxValue);
                at++;
            }

            at += gaps[i];
        }

        return Wav(mix);
    }

    private static int Samples((int Min, int Max) milliseconds) =>
        RandomNumberGenerator.GetInt32(milliseconds.Min, milliseconds.Max + 1) * CaptchaVoice.SampleRate / 1000;

    private static short[] Noise(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length * 2);
        var noise = new short[length];
        for (var i = 0; i < length; i++)
        {
            noise[i] = (short)(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i)) % NoiseAmplitude);
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
