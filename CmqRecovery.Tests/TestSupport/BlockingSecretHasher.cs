using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// The real hasher whose verifications wait until <see cref="Release"/>, recording how many ran at once: the KDF
/// cap's tests hold slots open with it, with no timing involved.
/// </summary>
public sealed class BlockingSecretHasher(IOptions<HashingOptions> options, IOptions<RateLimitsOptions> limits, RecoveryMetrics? metrics = null)
    : SecretHasher(options, limits, metrics)
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private int _running;

    public int MaxRunning { get; private set; }

    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> verifications are running (blocked) at the same time.</summary>
    public Task WhenRunningAsync(int count) => Task.Run(async () =>
    {
        while (Running < count)
        {
            await Task.Delay(5);
        }
    }).WaitAsync(TimeSpan.FromSeconds(30));

    public void Release() => _release.TrySetResult();

    protected internal override bool VerifyCore(string hash, string secret)
    {
        lock (_gate)
        {
            _running++;
            MaxRunning = Math.Max(MaxRunning, _running);
        }

        try
        {
            _release.Task.Wait();
            return base.VerifyCore(hash, secret);
        }
        finally
        {
            lock (_gate)
            {
                _running--;
            }
        }
    }
}
