using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Security;

/// <summary>
/// The one slow KDF for passwords and answer pairs: ASP.NET Core Identity's PasswordHasher (v3, PBKDF2-HMAC-SHA512).
/// </summary>
public class SecretHasher
{
    private static readonly object User = new();
    private readonly PasswordHasher<object> _hasher;
    private readonly string _decoyHash;

    public SecretHasher(IOptions<HashingOptions> options)
    {
        _hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.Iterations,
        }));
        _decoyHash = _hasher.HashPassword(User, Guid.NewGuid().ToString());
    }

    public virtual string Hash(string secret) => _hasher.HashPassword(User, secret);

    public virtual bool Verify(string hash, string secret) =>
        _hasher.VerifyHashedPassword(User, hash, secret) != PasswordVerificationResult.Failed;

    /// <summary>Spends exactly the work of a real check, for subjects that have nothing to check against.</summary>
    public virtual void VerifyDecoy(string secret) => Verify(_decoyHash, secret);
}
