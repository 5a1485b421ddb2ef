using System.Buffers.Binary;
using System.Diagnostics;
using System.Threading.RateLimiting;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Throttling;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Security;

/// <summary>
/// The one slow KDF for passwords and answer pairs: ASP.NET Core Identity's PasswordHasher (v3, PBKDF2-HMAC-SHA512).
/// Every evaluation runs inside a <see cref="KdfSlot"/>: at most <see cref="RateLimitsOptions.EffectiveKdfConcurrency"/>
/// at once, a short queue behind them, and past the queue a refusal — so a flood of sign-ins cannot take every core
/// and freeze the circuits. Callers take the slot before writing anything, so a refusal changes nothing.
/// </summary>
public class SecretHasher : IDisposable
{
    private static readonly object User = new();
    private readonly PasswordHasher<object> _hasher;
    private readonly string _decoyHash;
    private readonly ConcurrencyLimiter _slots;
    private readonly int _iterations;
    private readonly RecoveryMetrics? _metrics;

    public SecretHasher(IOptions<HashingOptions> options, IOptions<RateLimitsOptions>? limits = null, RecoveryMetrics? metrics = null)
    {
        _metrics = metrics;
        _hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.Iterations,
        }));
        _iterations = options.Value.Iterations;
        _decoyHash = _hasher.HashPassword(User, Guid.NewGuid().ToString());
        var rateLimits = limits?.Value ?? new RateLimitsOptions();
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = rateLimits.EffectiveKdfConcurrency,
            QueueLimit = rateLimits.KdfQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Waits (in the short queue) for a KDF slot. Check <see cref="KdfSlot.Acquired"/>: when false, the server is
    /// busy and nothing should be done. Dispose the slot to free it.
    /// </summary>
    public async ValueTask<KdfSlot> EnterAsync(CancellationToken cancellationToken = default)
    {
        var queuedAt = Stopwatch.GetTimestamp();
        var lease = await _slots.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired)
        {
            _metrics?.KdfWaited(Stopwatch.GetElapsedTime(queuedAt));
        }
        else
        {
            _metrics?.Rejected(RecoveryMetrics.Limits.Kdf);
        }

        return new(this, lease);
    }

    /// <summary>Slots in use and callers queued, for tests and diagnostics.</summary>
    internal RateLimiterStatistics? KdfStatistics => _slots.GetStatistics();

    /// <summary>PBKDF2 of a new secret. Runs only inside a slot (<see cref="KdfSlot.Hash"/>).</summary>
    protected internal virtual string HashCore(string secret) => _hasher.HashPassword(User, secret);

    protected internal virtual bool VerifyCore(string hash, string secret) =>
        _hasher.VerifyHashedPassword(User, hash, secret) != PasswordVerificationResult.Failed;

    /// <summary>
    /// True when <paramref name="hash"/> was made with fewer iterations than today's setting (or is not a v3 hash):
    /// replace it at its next successful check. A v3 hash is 0x01, the PRF, then the iteration count (big-endian).
    /// </summary>
    public bool NeedsRehash(string hash)
    {
        var bytes = new byte[hash.Length];
        if (!Convert.TryFromBase64String(hash, bytes, out var length) || length < 13 || bytes[0] != 0x01)
        {
            return true;
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)) < (uint)_iterations;
    }

    /// <summary>Spends exactly the work of a real check, for subjects that have nothing to check against.</summary>
    internal void VerifyDecoyCore(string secret) => VerifyCore(_decoyHash, secret);

    public void Dispose()
    {
        _slots.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>One admitted KDF evaluation (or a refusal, when <see cref="Acquired"/> is false). Decoys use it too, so they cost the same wait.</summary>
public sealed class KdfSlot(SecretHasher hasher, RateLimitLease lease) : IDisposable
{
    public bool Acquired => lease.IsAcquired;

    public string Hash(string secret) => Run(() => hasher.HashCore(secret));

    public bool Verify(string hash, string secret) => Run(() => hasher.VerifyCore(hash, secret));

    public void VerifyDecoy(string secret) => Run(() =>
    {
        hasher.VerifyDecoyCore(secret);
        return true;
    });

    public void Dispose() => lease.Dispose();

    private T Run<T>(Func<T> kdf) =>
        Acquired ? kdf() : throw new InvalidOperationException("No KDF slot was granted: the caller must check Acquired first.");
}
