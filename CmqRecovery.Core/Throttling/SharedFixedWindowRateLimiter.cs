using System.Data.Common;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Core.Throttling;

/// <summary>
/// A fixed window of <see cref="ClientLimit.PermitLimit"/> permits per <see cref="ClientLimit.Window"/> for one key,
/// counted in the database every node shares (<see cref="RateLimitWindowStore"/>), so one client gets one budget
/// whichever node serves it. A <see cref="RateLimiter"/>, so the platform's partitioned limiters and the ASP.NET Core
/// middleware drive it like their own (<c>RateLimitPartition.Get(key, _ => limiter)</c>). The window opens at the
/// first acquisition after the previous one ended; no queue.
/// <para>
/// The database is only asked asynchronously: <see cref="RateLimiter.AttemptAcquire"/> answers from what this node
/// already knows (a window it saw full, until it ends) and otherwise reports "not acquired" without metadata, which
/// makes the middleware go on to <see cref="RateLimiter.AcquireAsync"/>, the real answer. A window seen full is
/// refused from memory until it ends: nothing can reopen a fixed window early, so a flood of refused attempts costs
/// the database nothing.
/// </para>
/// <para>
/// Fails closed: when the database cannot be asked, the lease is refused without a wait (callers show "busy, try again
/// in a few seconds"). Every action these windows guard reads or writes the same database next, so it could not have
/// gone on anyway, and refusing keeps the budget whole rather than handing it out unmetered (docs/SECURITY.md).
/// </para>
/// </summary>
public sealed partial class SharedFixedWindowRateLimiter : RateLimiter
{
    /// <summary>The <see cref="MetadataName.ReasonPhrase"/> of a lease refused because the database could not be asked.</summary>
    public const string StoreUnavailable = "The shared rate-limit store is unavailable.";

    private static readonly RateLimitLease Granted = new Lease(true, null, null);
    private static readonly RateLimitLease NotAnsweredSynchronously = new Lease(false, null, null);
    private static readonly RateLimitLease Unavailable = new Lease(false, null, StoreUnavailable);

    private readonly string _key;
    private readonly ClientLimit _limit;
    private readonly RateLimitWindowStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private long _fullUntilUtcTicks;
    private long _idleSince;
    private int _inFlight;
    private int _lastKnownAvailable;
    private long _successful;
    private long _failed;

    public SharedFixedWindowRateLimiter(string key, ClientLimit limit, RateLimitWindowStore store, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit.PermitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit.Window, TimeSpan.Zero);
        _key = key;
        _limit = limit;
        _store = store;
        _time = time;
        _logger = logger;
        _lastKnownAvailable = limit.PermitLimit;
        _idleSince = time.GetTimestamp();
    }

    /// <summary>The row this limiter counts in.</summary>
    public string Key => _key;

    /// <summary>
    /// Null while an acquisition is being answered; otherwise how long since the last one. The state lives in the
    /// database, so the partitioned limiter may drop an idle instance and make a new one: nothing is lost but the
    /// memory of a full window.
    /// </summary>
    public override TimeSpan? IdleDuration =>
        Volatile.Read(ref _inFlight) > 0 ? null : _time.GetElapsedTime(Volatile.Read(ref _idleSince));

    /// <summary>This node's view: permits left at the last answer, and the leases it handed out or refused.</summary>
    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = Volatile.Read(ref _lastKnownAvailable),
        CurrentQueuedCount = 0,
        TotalSuccessfulLeases = Interlocked.Read(ref _successful),
        TotalFailedLeases = Interlocked.Read(ref _failed),
    };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        return KnownFull(out var wait) ? Refuse(wait) : NotAnsweredSynchronously;
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        CheckPermitCount(permitCount);
        if (KnownFull(out var wait))
        {
            return Refuse(wait);
        }

        Interlocked.Increment(ref _inFlight);
        try
        {
            var now = _time.GetUtcNow();
            var answer = permitCount == 0
                ? await _store.PeekAsync(_key, _limit, now, cancellationToken)
                : await _store.AcquireAsync(_key, permitCount, _limit, now, cancellationToken);
            Volatile.Write(ref _lastKnownAvailable, Math.Max(0, _limit.PermitLimit - answer.AcquiredInWindow));
            if (answer.AcquiredInWindow >= _limit.PermitLimit && answer.ResetsAt > now)
            {
                Interlocked.Exchange(ref _fullUntilUtcTicks, answer.ResetsAt.UtcTicks);
            }

            if (answer.Acquired)
            {
                Interlocked.Increment(ref _successful);
                return Granted;
            }

            return Refuse(answer.ResetsAt - now);
        }
        catch (Exception ex) when (ex is DbException or RetryLimitExceededException or TimeoutException)
        {
            LogStoreUnavailable(_logger, ex, _key[.._key.IndexOf(':', StringComparison.Ordinal)]);
            Interlocked.Increment(ref _failed);
            return Unavailable;
        }
        finally
        {
            Volatile.Write(ref _idleSince, _time.GetTimestamp());
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount > _limit.PermitLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"At most {_limit.PermitLimit} permits fit in the window.");
        }
    }

    private bool KnownFull(out TimeSpan wait)
    {
        wait = new DateTimeOffset(Interlocked.Read(ref _fullUntilUtcTicks), TimeSpan.Zero) - _time.GetUtcNow();
        return wait > TimeSpan.Zero;
    }

    private RateLimitLease Refuse(TimeSpan wait)
    {
        Interlocked.Increment(ref _failed);
        return new Lease(false, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, null);
    }

    // The action only (the key's first part): the client's address stays out of the logs.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Action} window could not be counted in the database; the attempt is refused as busy.")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string action);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter, string? reason) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            (retryAfter is null ? [] : new[] { MetadataName.RetryAfter.Name })
            .Concat(reason is null ? [] : [MetadataName.ReasonPhrase.Name]);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : metadataName == MetadataName.ReasonPhrase.Name ? reason
                : null;
            return metadata is not null;
        }
    }
}
