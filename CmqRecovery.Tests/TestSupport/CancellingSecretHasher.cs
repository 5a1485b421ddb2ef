using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// The real hasher, except that the KDF numbered <see cref="CancelAt"/> (counting real and decoy checks from 1) throws
/// OperationCanceledException, as a request whose client drops the connection during the KDF would.
/// </summary>
public sealed class CancellingSecretHasher(IOptions<HashingOptions> options, IOptions<RateLimitsOptions> limits) : SecretHasher(options, limits)
{
    private int _verifications;

    public int CancelAt { get; set; } = int.MaxValue;

    protected internal override bool VerifyCore(string hash, string secret)
    {
        if (Interlocked.Increment(ref _verifications) == CancelAt)
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            cancelled.Token.ThrowIfCancellationRequested();
        }

        return base.VerifyCore(hash, secret);
    }
}
