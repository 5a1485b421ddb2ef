using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>The real hasher, counting every KDF it runs, to show that decoys do the same work as members.</summary>
public sealed class CountingSecretHasher(IOptions<HashingOptions> options, IOptions<RateLimitsOptions> limits) : SecretHasher(options, limits)
{
    private int _verifications;
    private int _hashes;

    public int Verifications => _verifications;

    /// <summary>New secrets hashed (a password set, an answer pair stored).</summary>
    public int Hashes => _hashes;

    protected internal override string HashCore(string secret)
    {
        Interlocked.Increment(ref _hashes);
        return base.HashCore(secret);
    }

    protected internal override bool VerifyCore(string hash, string secret)
    {
        Interlocked.Increment(ref _verifications);
        return base.VerifyCore(hash, secret);
    }
}
