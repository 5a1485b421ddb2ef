namespace CmqRecovery.Core.Security;

public sealed class HashingOptions
{
    public const string Section = "Hashing";

    /// <summary>ASVS 5.0 appendix C's floor for PBKDF2-HMAC-SHA512; lower counts start only in Development and Testing.</summary>
    public const int MinimumIterations = 210_000;

    /// <summary>NIST SP 800-63B asks for a secret of at least 112 bits; 32 bytes is HMAC-SHA256's block-safe key size.</summary>
    public const int MinimumPepperBytes = 32;

    /// <summary>
    /// The pepper of Development and the tests: public (it is in this repository and in appsettings.Development.json),
    /// so any other environment refuses to start with it.
    /// </summary>
    public const string PublicDevelopmentPepper = "Q21xUmVjb3ZlcnktREVWLU9OTFktcGVwcGVyLTIwMjY=";

    /// <summary>PBKDF2-HMAC-SHA512 iterations.</summary>
    public int Iterations { get; set; } = MinimumIterations;

    /// <summary>
    /// Base64 of at least <see cref="MinimumPepperBytes"/> random bytes, from configuration or the secret store, never the
    /// database: the answer pairs are HMAC-SHA256'd under it before PBKDF2, so the database alone cannot test a guess.
    /// </summary>
    public string? AnswerPepper { get; set; }

    /// <summary>The pepper's bytes, or null when it is absent or not base64.</summary>
    public static byte[]? DecodePepper(string? pepper)
    {
        if (string.IsNullOrWhiteSpace(pepper))
        {
            return null;
        }

        var bytes = new byte[pepper.Length];
        return Convert.TryFromBase64String(pepper.Trim(), bytes, out var length) ? bytes[..length] : null;
    }
}
