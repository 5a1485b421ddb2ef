using CmqRecovery.Core.Security;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>The real hasher, counting every KDF it runs, to show that decoys do the same work as members.</summary>
public sealed class CountingSecretHasher(IOptions<HashingOptions> options) : SecretHasher(options)
{
    private int _verifications;

    public int Verifications => _verifications;

    public override bool Verify(string hash, string secret)
    {
        Interlocked.Increment(ref _verifications);
        return base.Verify(hash, secret);
    }

    public override void VerifyDecoy(string secret)
    {
        // The base decoy calls Verify, which counts once; counting here too would double it.
        base.VerifyDecoy(secret);
    }
}
