using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace CmqRecovery.Core.Recovery;

/// <summary>Ids (128 random bits, hex) and tokens (256 random bits, base64url) of mailed links.</summary>
public static partial class RecoveryTokens
{
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>A new mailed-link request for <paramref name="memberId"/>, valid from <paramref name="now"/> for
    /// <paramref name="lifetime"/>, with the token to mail (only its hash is stored).</summary>
    public static (RecoveryRequest Request, string Token) NewRequest(Guid memberId, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = NewToken();
        var request = new RecoveryRequest
        {
            Id = NewId(),
            MemberId = memberId,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        return (request, token);
    }

    public static bool Matches(string token, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(token), storedHash);

    public static bool LooksLikeId(string? id) => id is not null && IdFormat().IsMatch(id);

    public static bool LooksLikeToken(string? token) => token is not null && TokenFormat().IsMatch(token);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdFormat();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex TokenFormat();
}
