namespace CmqRecovery.Core.Security;

public sealed class HashingOptions
{
    public const string Section = "Hashing";

    /// <summary>ASVS 5.0 appendix C's floor for PBKDF2-HMAC-SHA512; lower counts start only in Development and Testing.</summary>
    public const int MinimumIterations = 210_000;

    /// <summary>PBKDF2-HMAC-SHA512 iterations.</summary>
    public int Iterations { get; set; } = MinimumIterations;
}
