using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Security.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Recovery;

public enum CheckAnswersOutcome
{
    Passed,

    /// <summary>Not both correct; never which one.</summary>
    Failed,

    /// <summary>The fifth consecutive failure, or already suspended: recovery is closed for 24 hours.</summary>
    Suspended,

    /// <summary>Second challenge only: the link expired, was used or superseded meanwhile.</summary>
    LinkNoLongerValid,

    /// <summary>Refused before any check (client over its limit, or server busy): nothing counted. See Throttled.</summary>
    Throttled,
}

public sealed record CheckAnswersResult<TGrant>(CheckAnswersOutcome Outcome, TGrant? Grant, Throttled? Throttled = null)
    where TGrant : class
{
    public bool Passed => Outcome == CheckAnswersOutcome.Passed;
}

/// <summary>
/// Steps 3 and 7: both answers checked with the pair's one hash. A decoy spends the same KDF on a dummy hash
/// and fails like a wrong answer. Five consecutive failures suspend the subject (member or identifier).
/// </summary>
public sealed class CheckAnswers(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    QuestionDraw draw,
    AuditTrail audit,
    LinkValidator links,
    ClientThrottle throttle,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    public async Task<CheckAnswersResult<VerifiedIdentity>> ForIdentityAsync(
        RecoverySubject subject, string? firstAnswer, string? secondAnswer, ClientContext client,
        CancellationToken cancellationToken = default)
    {
        var (kdf, throttled) = await AdmitAsync(client, cancellationToken);
        using var _ = kdf;
        if (throttled is not null)
        {
            return new(CheckAnswersOutcome.Throttled, null, throttled);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var outcome = await CheckAsync(db, kdf!, subject, firstAnswer, secondAnswer, client, cancellationToken);
        if (outcome != CheckAnswersOutcome.Passed || subject.MemberId is not { } memberId)
        {
            return new(outcome, null);
        }

        var email = await db.Members.Where(m => m.Id == memberId).Select(m => m.Email).SingleAsync(cancellationToken);
        return new(outcome, new VerifiedIdentity(memberId, EmailAddress.Mask(email)));
    }

    public async Task<CheckAnswersResult<ResetAuthorization>> ForResetAsync(
        OpenedLink link, string? firstAnswer, string? secondAnswer, ClientContext client,
        CancellationToken cancellationToken = default)
    {
        var (kdf, throttled) = await AdmitAsync(client, cancellationToken);
        using var _ = kdf;
        if (throttled is not null)
        {
            return new(CheckAnswersOutcome.Throttled, null, throttled);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = await db.RecoveryRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == link.RequestId, cancellationToken);
        if (request is null || links.Check(request) != LinkStatus.Valid)
        {
            return new(CheckAnswersOutcome.LinkNoLongerValid, null);
        }

        var outcome = await CheckAsync(db, kdf!, link.Subject, firstAnswer, secondAnswer, client, cancellationToken);
        return outcome == CheckAnswersOutcome.Passed
            ? new(outcome, new ResetAuthorization(request.Id, request.MemberId))
            : new(outcome, null);
    }

    /// <summary>
    /// Before anything is read or written: the client's per-IP limit, then a KDF slot. Either refusal leaves every
    /// counter as it was. The slot, when granted, is the caller's to dispose.
    /// </summary>
    private async Task<(KdfSlot? Kdf, Throttled? Throttled)> AdmitAsync(ClientContext client, CancellationToken cancellationToken)
    {
        if (throttle.TryAcquire(ClientAction.AnswerCheck, client) is { } throttled)
        {
            return (null, throttled);
        }

        var kdf = await hasher.EnterAsync(cancellationToken);
        return kdf.Acquired ? (kdf, null) : (kdf, Throttled.Busy);
    }

    private async Task<CheckAnswersOutcome> CheckAsync(
        RecoveryDbContext db, KdfSlot kdf, RecoverySubject subject, string? firstAnswer, string? secondAnswer, ClientContext client,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var limit = options.Value.FailuresBeforeSuspension;
        // Make sure the subject has its attempt row before counting on it.
        await draw.LoadStateAsync(db, subject.SubjectKey, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // Count the attempt as a failure before the KDF, atomically: parallel circuits cannot exceed the limit.
        var states = db.ChallengeStates.Where(s => s.SubjectKey == subject.SubjectKey);
        var reserved = await states
            .Where(s => (s.SuspendedUntil == null || s.SuspendedUntil <= now) && s.ConsecutiveFailures < limit)
            .ExecuteUpdateAsync(set => set
                .SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1)
                .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (reserved == 0)
        {
            return CheckAnswersOutcome.Suspended;
        }

        var secret = AnswerPairSecret.Combine(subject.First.QuestionId, firstAnswer, subject.Second.QuestionId, secondAnswer);
        if (await VerifyAsync(db, kdf, subject, secret, cancellationToken))
        {
            await states.ExecuteUpdateAsync(set => set
                .SetProperty(x => x.ConsecutiveFailures, 0)
                .SetProperty(x => x.DrawnFirstQuestionId, (int?)null)
                .SetProperty(x => x.DrawnSecondQuestionId, (int?)null), cancellationToken);
            await audit.AddAsync(db, AuditKind.AnswersPassed, subject.MemberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return CheckAnswersOutcome.Passed;
        }

        await audit.AddAsync(db, AuditKind.AnswersFailed, subject.MemberId, client, cancellationToken);

        // Only one failing attempt can move the subject from "at the limit" to "suspended": the one whose
        // conditional update hits the row. Others that finish meanwhile report a plain failure.
        var suspended = await states
            .Where(s => s.ConsecutiveFailures >= limit && (s.SuspendedUntil == null || s.SuspendedUntil <= now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(x => x.SuspendedUntil, now + options.Value.SuspensionDuration)
                .SetProperty(x => x.ConsecutiveFailures, 0), cancellationToken) == 1;
        if (suspended)
        {
            await audit.AddAsync(db, AuditKind.Suspended, subject.MemberId, client, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return suspended ? CheckAnswersOutcome.Suspended : CheckAnswersOutcome.Failed;
    }

    private async Task<bool> VerifyAsync(RecoveryDbContext db, KdfSlot kdf, RecoverySubject subject, string secret, CancellationToken cancellationToken)
    {
        var (low, high) = AnswerPairSecret.Order(subject.First.QuestionId, subject.Second.QuestionId);
        // A decoy runs the same query (for a member id that cannot exist) so both paths do the same work.
        var memberId = subject.MemberId ?? Guid.Empty;
        var hash = await db.AnswerPairHashes
            .Where(p => p.MemberId == memberId && p.FirstQuestionId == low && p.SecondQuestionId == high)
            .Select(p => p.Hash).SingleOrDefaultAsync(cancellationToken);
        if (hash is null)
        {
            // Unknown identifier (or a member missing this pair): the same KDF work, then a plain failure.
            kdf.VerifyDecoy(secret);
            return false;
        }

        return kdf.Verify(hash, secret);
    }
}
