using System.Security.Cryptography;
using System.Text;
using CmqRecovery.Core.Security;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Questions;

/// <summary>
/// The stored form of an answer pair: HMAC-SHA256 under the pepper (Hashing:AnswerPepper, never in the database),
/// then the one KDF (<see cref="SecretHasher"/>). A stolen database cannot test a single guess without the pepper.
/// Stored as <see cref="PepperedPrefix"/> + the KDF's hash; a hash without the prefix was made before the pepper,
/// still verifies, and is replaced at its next success (<see cref="NeedsRehash"/>). Every path computes the HMAC, so
/// members, old hashes and decoys cost the same.
/// </summary>
public sealed class AnswerPairHasher(SecretHasher hasher, IOptions<HashingOptions> options)
{
    /// <summary>Version marker of a peppered hash ('$' never occurs in the KDF's base64).</summary>
    public const string PepperedPrefix = "p1$";

    private readonly Lazy<byte[]> _pepper = new(() =>
        HashingOptions.DecodePepper(options.Value.AnswerPepper) is { Length: >= HashingOptions.MinimumPepperBytes } pepper
            ? pepper
            : throw new InvalidOperationException($"{HashingOptionsValidator.PepperKey} is missing or shorter than {HashingOptions.MinimumPepperBytes} bytes."));

    public string Hash(KdfSlot kdf, string secret) => PepperedPrefix + kdf.Hash(Pepper(secret));

    public bool Verify(KdfSlot kdf, string stored, string secret)
    {
        var peppered = Pepper(secret);
        return stored.StartsWith(PepperedPrefix, StringComparison.Ordinal)
            ? kdf.Verify(stored[PepperedPrefix.Length..], peppered)
            : kdf.Verify(stored, secret);
    }

    /// <summary>Same work as <see cref="Verify"/>, for a subject with nothing to check against.</summary>
    public void VerifyDecoy(KdfSlot kdf, string secret) => kdf.VerifyDecoy(Pepper(secret));

    /// <summary>True for a hash made before the pepper, or with fewer KDF iterations than today's.</summary>
    public bool NeedsRehash(string stored) =>
        !stored.StartsWith(PepperedPrefix, StringComparison.Ordinal) || hasher.NeedsRehash(stored[PepperedPrefix.Length..]);

    private string Pepper(string secret) => Convert.ToBase64String(HMACSHA256.HashData(_pepper.Value, Encoding.UTF8.GetBytes(secret)));
}
