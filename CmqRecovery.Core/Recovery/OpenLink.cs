using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Recovery;

/// <summary>
/// Procedure step 5: the mailed link. The token is compared in constant time with the stored SHA-256; the request must be
/// unexpired, unconsumed and the member's newest. Why a link no longer works goes to the audit only, never to the caller.
/// </summary>
public sealed class OpenLink(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    LinkValidator links,
    QuestionDraw draw,
    AttemptLimiter limiter,
    AuditTrail audit,
    ClientThrottle throttle,
    IOptions<RecoveryOptions> options)
{
    private static readonly byte[] NoSuchRequestHash = RecoveryTokens.Hash(RecoveryTokens.NewToken());

    public async Task<UseCaseResult<OpenedLink>> ExecuteAsync(string? id, string? token, ClientContext client, CancellationToken cancellationToken = default)
    {
        // Per client IP, before any lookup: guessing links costs the guesser, not the database.
        if (await throttle.TryAcquireAsync(ClientAction.LinkOpen, client, cancellationToken) is { } throttled)
        {
            return UseCaseResult<OpenedLink>.Wait(throttled); // the link was not looked at
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var request = RecoveryTokens.LooksLikeId(id)
            ? await db.RecoveryRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            : null;

        // Compare even when there is no such request, so a wrong id costs the same as a wrong token.
        var tokenMatches = RecoveryTokens.LooksLikeToken(token)
            & RecoveryTokens.Matches(token ?? string.Empty, request?.TokenHash ?? NoSuchRequestHash);
        if (request is null || !tokenMatches)
        {
            await audit.AddAsync(db, AuditKind.LinkInvalid, null, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<OpenedLink>.Refuse(Outcome.LinkNoLongerValid);
        }

        var status = links.Check(request);
        if (status != LinkStatus.Valid)
        {
            var kind = status switch
            {
                LinkStatus.Expired => AuditKind.LinkExpired,
                LinkStatus.Superseded => AuditKind.LinkSuperseded,
                _ => AuditKind.LinkReused,
            };
            await audit.AddAsync(db, kind, request.MemberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<OpenedLink>.Refuse(Outcome.LinkNoLongerValid);
        }

        // The link proves the mailbox: only procedure step 7's own counter can close it, never failures at procedure step 3.
        var subjectKey = CounterKeys.Link(request.MemberId);
        var state = await draw.LoadStateAsync(db, subjectKey, cancellationToken);
        if ((await limiter.ReadAsync(CounterKeys.Suspension(subjectKey), options.Value.SuspensionPolicy, cancellationToken)).Locked)
        {
            await audit.AddAsync(db, AuditKind.Suspended, request.MemberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<OpenedLink>.Refuse(Outcome.Suspended);
        }

        var pair = await draw.DrawAsync(db, request.MemberId, null, state, cancellationToken);
        if (pair is null)
        {
            return UseCaseResult<OpenedLink>.Refuse(Outcome.LinkNoLongerValid);
        }

        await audit.AddAsync(db, AuditKind.LinkOpened, request.MemberId, client, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var subject = new RecoverySubject(subjectKey, request.MemberId, pair.Value.First, pair.Value.Second);
        return UseCaseResult<OpenedLink>.Pass(new OpenedLink(request.Id, subject));
    }
}
