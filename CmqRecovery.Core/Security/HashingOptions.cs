namespace CmqRecovery.Core.Security;

public sealed class HashingOptions
{
    public const string Section = "Hashing";

    /// <summary>PBKDF2-HMAC-SHA512 iterations; ASVS 5.0 appendix C asks for 210,000.</summary>
    public int Iterations { get; set; } = 210_000;
}
