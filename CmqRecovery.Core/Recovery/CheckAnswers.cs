using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Recovery;

/// <summary>
/// Steps 3 and 7: both answers checked with the pair's one hash. A decoy spends the same KDF on a dummy hash and
/// fails like a wrong answer. At procedure step 3, failures suspend the typed identifier visibly, and a member-wide ceiling
/// refuses silently; procedure step 7 (the link proves the mailbox) has its own counter, which procedure step 3 never touches.
/// </summary>
public sealed class CheckAnswers(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    AnswerPairHasher pairHasher,
    AttemptLimiter limiter,
    NotifyMember notify,
    AuditTrail audit,
    LinkValidator links,
    ClientThrottle throttle,
    IOptions<RecoveryOptions> options,
    RecoveryMetrics? metrics = null)
{
    public Task<UseCaseResult<VerifiedIdentity>> ForIdentityAsync(
        RecoverySubject subject, string? firstAnswer, string? secondAnswer, ClientContext client,
        CancellationToken cancellationToken = default) =>
        AdmittedAsync<VerifiedIdentity>(client, async (db, kdf) =>
        {
            // An unknown identifier has a ceiling of its own, so both paths count the same way.
            var ceilingKey = subject.MemberId is { } member ? CounterKeys.Ceiling(member) : CounterKeys.Ceiling(subject.SubjectKey);
            var outcome = await CheckAsync(db, kdf, subject, firstAnswer, secondAnswer, client, ceilingKey, cancellationToken);
            if (outcome != Outcome.Passed || subject.MemberId is not { } memberId)
            {
                return new(outcome);
            }

            var email = await db.Members.Where(m => m.Id == memberId).Select(m => m.Email).SingleAsync(cancellationToken);
            return new(outcome, new VerifiedIdentity(memberId, EmailAddress.Mask(email)));
        }, cancellationToken);

    public Task<UseCaseResult<ResetAuthorization>> ForResetAsync(
        OpenedLink link, string? firstAnswer, string? secondAnswer, ClientContext client,
        CancellationToken cancellationToken = default) =>
        AdmittedAsync<ResetAuthorization>(client, async (db, kdf) =>
        {
            var request = await db.RecoveryRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == link.RequestId, cancellationToken);
            if (request is null || links.Check(request) != LinkStatus.Valid)
            {
                return new(Outcome.LinkNoLongerValid);
            }

            var outcome = await CheckAsync(db, kdf, link.Subject, firstAnswer, secondAnswer, client, null, cancellationToken);
            return outcome == Outcome.Passed
                ? new(outcome, new ResetAuthorization(request.Id, request.MemberId))
                : new(outcome);
        }, cancellationToken);

    /// <summary>
    /// Before anything is read or written: the client's per-IP limit, then a KDF slot. Either refusal leaves every
    /// counter as it was and answers Throttled; otherwise the check runs holding the slot, which is released after.
    /// </summary>
    private async Task<UseCaseResult<T>> AdmittedAsync<T>(
        ClientContext client, Func<RecoveryDbContext, KdfSlot, Task<UseCaseResult<T>>> check, CancellationToken cancellationToken)
        where T : class
    {
        if (await throttle.TryAcquireAsync(ClientAction.AnswerCheck, client, cancellationToken) is { } throttled)
        {
            return new(Outcome.Throttled, null, throttled);
        }

        using var kdf = await hasher.EnterAsync(cancellationToken);
        if (!kdf.Acquired)
        {
            return new(Outcome.Throttled, null, Throttled.Busy);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await check(db, kdf);
    }

    private async Task<Outcome> CheckAsync(
        RecoveryDbContext db, KdfSlot kdf, RecoverySubject subject, string? firstAnswer, string? secondAnswer, ClientContext client,
        string? ceilingKey, CancellationToken cancellationToken)
    {
        // Each attempt is counted as a failure before the KDF; the count that reaches a limit sets its lock in the
        // same update, so a request dropped during the KDF cannot strand a counter (see AttemptLimiter).
        var suspensionKey = CounterKeys.Suspension(subject.SubjectKey);
        var visible = await limiter.ReserveAsync(suspensionKey, options.Value.SuspensionPolicy, cancellationToken: cancellationToken);
        if (visible is AttemptGrant.Locked or AttemptGrant.ProofRequired)
        {
            return Outcome.Suspended;
        }

        var ceiling = ceilingKey is null
            ? AttemptGrant.Counted
            : await limiter.ReserveAsync(ceilingKey, options.Value.MemberCeilingPolicy, cancellationToken: cancellationToken);

        // Past the ceiling the KDF still runs (same work), and even right answers fail with the ordinary text.
        var secret = AnswerPairSecret.Combine(subject.First.QuestionId, firstAnswer, subject.Second.QuestionId, secondAnswer);
        var hash = await VerifyAsync(db, kdf, subject, secret, cancellationToken);
        if (hash is not null && (ceiling is AttemptGrant.Counted or AttemptGrant.CountedAndLocked))
        {
            await limiter.ResetAsync(ceilingKey is null ? [suspensionKey] : [suspensionKey, ceilingKey], cancellationToken);
            if (ceilingKey is null)
            {
                // Procedure step 7 only (a link holder proved the mailbox): a fresh pair next time. A typed identifier keeps
                // its pair for good, as an unknown identifier's is kept (it never passes): a redraw after passing
                // would tell a member's identifier from an unknown one by the questions asked next time.
                await db.ChallengeStates.Where(s => s.SubjectKey == subject.SubjectKey).ExecuteUpdateAsync(set => set
                    .SetProperty(x => x.DrawnFirstQuestionId, (int?)null)
                    .SetProperty(x => x.DrawnSecondQuestionId, (int?)null), cancellationToken);
            }
            await RehashIfNeededAsync(db, kdf, subject, hash, secret, cancellationToken);
            await audit.AddAsync(db, AuditKind.AnswersPassed, subject.MemberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Passed;
        }

        var suspended = visible == AttemptGrant.CountedAndLocked;
        var ceilingReached = ceiling == AttemptGrant.CountedAndLocked;
        await audit.AddAsync(db, AuditKind.AnswersFailed, subject.MemberId, client, cancellationToken);
        if (suspended)
        {
            await audit.AddAsync(db, AuditKind.Suspended, subject.MemberId, client, cancellationToken);
            metrics?.Suspended(ceilingKey is null ? RecoveryMetrics.SuspensionKinds.Link : RecoveryMetrics.SuspensionKinds.Identifier);
        }

        if (ceilingReached)
        {
            await audit.AddAsync(db, AuditKind.MemberCeilingReached, subject.MemberId, client, cancellationToken);
            metrics?.Suspended(RecoveryMetrics.SuspensionKinds.MemberCeiling);
        }

        await db.SaveChangesAsync(cancellationToken);
        // Procedure step 3 only: the member learns by mail, once a day, that someone failed their questions too often, and
        // gets a way back in. Posted for an unknown identifier too, and written off the request path for both, so the
        // failure that suspends costs the same whoever the identifier belongs to.
        if (ceilingKey is not null && (suspended || ceilingReached))
        {
            notify.Post(subject.MemberId, MemberNotice.RecoverySuspended);
        }

        return suspended ? Outcome.Suspended : Outcome.WrongAnswers;
    }

    /// <summary>The pair's stored hash when the answers match it; null otherwise.</summary>
    private async Task<string?> VerifyAsync(RecoveryDbContext db, KdfSlot kdf, RecoverySubject subject, string secret, CancellationToken cancellationToken)
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
            pairHasher.VerifyDecoy(kdf, secret);
            return null;
        }

        return pairHasher.Verify(kdf, hash, secret) ? hash : null;
    }

    /// <summary>A pair hashed before the pepper, or with fewer iterations than today's setting, is replaced now that its answers are known.</summary>
    private async Task RehashIfNeededAsync(RecoveryDbContext db, KdfSlot kdf, RecoverySubject subject, string hash, string secret, CancellationToken cancellationToken)
    {
        if (!pairHasher.NeedsRehash(hash))
        {
            return;
        }

        var (low, high) = AnswerPairSecret.Order(subject.First.QuestionId, subject.Second.QuestionId);
        var rehashed = pairHasher.Hash(kdf, secret);
        await db.AnswerPairHashes
            .Where(p => p.MemberId == subject.MemberId && p.FirstQuestionId == low && p.SecondQuestionId == high && p.Hash == hash)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Hash, rehashed), cancellationToken);
    }
}
