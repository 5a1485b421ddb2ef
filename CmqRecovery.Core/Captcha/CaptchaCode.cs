using System.Security.Cryptography;
using System.Text;

namespace CmqRecovery.Core.Captcha;

/// <summary>Five CSPRNG digits, the normalisation of an answer, and the keyed hash that is all the database keeps.</summary>
internal static class CaptchaCode
{
    public const int Length = 5;

    // Longer input cannot be five digits with spaces; refuse it before looking at every character.
    private const int MaxAnswerLength = 64;

    /// <summary>
    /// The one place listing the digits a challenge is drawn from. 1 and 7 are left out: tilted, slanted and in
    /// a serif face, one passes for the other. Answers are still checked as any five digits.
    /// </summary>
    public const string Alphabet = "02345689";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The same draw from a seeded generator, for reproducible samples in tests and tools.</summary>
    internal static string Generate(Random random) =>
        string.Create(Length, random, static (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });

    /// <summary>The five ASCII digits of <paramref name="answer"/> with whitespace removed, or null when it is anything else.</summary>
    public static string? Normalize(string? answer)
    {
        if (string.IsNullOrEmpty(answer) || answer.Length > MaxAnswerLength)
        {
            return null;
        }

        Span<char> digits = stackalloc char[Length];
        var count = 0;
        foreach (var c in answer)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (!char.IsAsciiDigit(c) || count == Length)
            {
                return null;
            }

            digits[count++] = c;
        }

        return count == Length ? new string(digits) : null;
    }

    /// <summary>HMAC-SHA256 of the challenge id and the digits: equal codes give unrelated hashes on different rows.</summary>
    public static byte[] Hash(byte[] key, Guid challengeId, string code)
    {
        Span<byte> message = stackalloc byte[16 + Length];
        challengeId.TryWriteBytes(message);
        Encoding.ASCII.GetBytes(code, message[16..]);
        return HMACSHA256.HashData(key, message);
    }
}
