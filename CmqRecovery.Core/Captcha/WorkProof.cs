using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// The proof of work offered instead of the image (WCAG 3.3.8): the server picks a secret number up to
/// <see cref="CaptchaOptions.WorkMaxNumber"/> and publishes SHA-256(salt ‖ number); the browser tries numbers from
/// 0 until the hash matches. The expected cost is half the maximum, the progress is the share of numbers tried.
/// </summary>
public sealed record WorkChallenge(Guid ChallengeId, string Salt, string Target, int MaxNumber);

internal static class WorkProof
{
    // Longer than any number up to int.MaxValue: refuse it before parsing.
    private const int MaxAnswerLength = 10;

    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Lowercase hex SHA-256 of the salt followed by the number in decimal: what the browser recomputes.</summary>
    public static string Target(string salt, int number) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(salt + number.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The number the browser found, or null when the answer is not a plain non-negative decimal.</summary>
    public static int? Parse(string? answer) =>
        answer is { Length: > 0 and <= MaxAnswerLength } && answer.All(char.IsAsciiDigit)
        && int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>
    /// HMAC-SHA256 of the challenge id, a 'w' and the number: stored like an image's answer, and never equal to one
    /// (an image's message is the id and five digits), so neither kind of answer can pass the other kind of row.
    /// </summary>
    public static byte[] Hash(byte[] key, Guid challengeId, int number)
    {
        var digits = number.ToString(CultureInfo.InvariantCulture);
        var message = new byte[16 + 1 + digits.Length];
        challengeId.TryWriteBytes(message);
        message[16] = (byte)'w';
        Encoding.ASCII.GetBytes(digits, message.AsSpan(17));
        return HMACSHA256.HashData(key, message);
    }
}
