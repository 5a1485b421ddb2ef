using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>The real hasher, counting every KDF it runs, to show that decoys do the same work as members.</summary>
public sealed class CountingSecretHasher(IOptions<HashingOptions> options, IOptions<RateLimitsOptions> limits) : SecretHasher(options, limits)
{
    private int _verifications;

    public int Verifications => _verifications;

    protected internal override bool VerifyCore(string hash, string secret)
    {
        Interlocked.Increment(ref _verifications);
        return base.VerifyCore(hash, secret);
    }
}
