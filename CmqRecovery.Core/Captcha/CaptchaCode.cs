using System.Security.Cryptography;
using System.Text;

namespace CmqRecovery.Core.Captcha;

/// <summary>Five CSPRNG digits, the normalisation of an answer, and the keyed hash that is all the database keeps.</summary>
internal static class CaptchaCode
{
    public const int Length = 5;

    // Longer input cannot be five digits with spaces; refuse it before looking at every character.
    private const int MaxAnswerLength = 64;

    public static string Generate() => RandomNumberGenerator.GetString("0123456789", Length);

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
