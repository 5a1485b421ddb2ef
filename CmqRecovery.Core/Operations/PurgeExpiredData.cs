using System.Linq.Expressions;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Operations;

public sealed record PurgeResult(
    int CaptchaChallenges, int AttemptCounters, int RecoveryRequests, int OutboxMessages, int AuditEvents, int SignInSessions,
    int RateLimitWindows = 0, int Invitations = 0, int EmailChangeProposals = 0);

/// <summary>
/// One retention pass: deletes what no rule needs any more, in batches of <see cref="RetentionOptions.BatchSize"/>.
/// Each batch is one statement whose condition is checked again on the row it deletes, so two nodes purging at once
/// only share the work, and a row that changed meanwhile (a counter that just counted a failure) is left alone.
/// Kept on purpose: any counter whose lock or window still runs (a purge never unlocks anyone early), counters that
/// hold no failure (nothing to age them by), links younger than the mail cap's hour, mail still being tried, and the
/// drawn question pairs (ChallengeStates: dropping one would draw new questions, which waiting must never do).
/// Sign-in sessions go once ended or revoked: a cookie is accepted only while its row stands, live (MemberSessions),
/// so a missing row refuses it exactly as a revoked or ended one does, and a purge can never make a cookie valid again.
/// </summary>
public sealed class PurgeExpiredData(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    IOptions<RetentionOptions> retention,
    IOptions<RecoveryOptions> recovery,
    IOptions<SignInOptions> signIn,
    TimeProvider time)
{
    /// <summary>A pass stops after this many full batches; the next pass goes on (bounds a first pass over years of audit).</summary>
    internal const int MaxBatchesPerTable = 1000;

    public async Task<PurgeResult> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var settings = retention.Value;
        var now = time.GetUtcNow();
        var linksBefore = now - settings.LinkGrace;
        var mailBefore = now - settings.OutboxRetention;
        var auditBefore = now - settings.AuditRetention;
        var countersBefore = now - LongestCounterWindow();

        var captchas = await DeleteAsync(db => db.CaptchaChallenges, c => c.ExpiresAt <= now, cancellationToken);
        var counters = await DeleteAsync(
            db => db.AttemptCounters,
            c => c.WindowStart != null && c.WindowStart <= countersBefore && (c.LockedUntil == null || c.LockedUntil <= now),
            cancellationToken);
        var links = await DeleteAsync(
            db => db.RecoveryRequests,
            r => r.ExpiresAt <= linksBefore || r.ConsumedAt <= linksBefore || r.SupersededAt <= linksBefore,
            cancellationToken);
        var mail = await DeleteAsync(
            db => db.OutboxMessages,
            m => m.SentAt <= mailBefore || (m.SentAt == null && m.NextAttemptAt == DeliverOutbox.Never && m.CreatedAt <= mailBefore),
            cancellationToken);
        var audit = await DeleteAsync(db => db.AuditEvents, e => e.At <= auditBefore, cancellationToken);
        var revokedBefore = now - RetentionOptions.RevokedSessionGrace;
        var sessions = await DeleteAsync(
            db => db.SignInSessions, s => s.ExpiresAt <= now || s.RevokedAt <= revokedBefore, cancellationToken);
        // A per-IP window that has ended counts nothing; a missing row starts the same fresh window (Throttling/).
        var windows = await DeleteAsync(db => db.RateLimitWindows, w => w.ResetsAt <= now, cancellationToken);
        // Used or superseded only: an expired invitation that is still the member's last one stays (one row a member at
        // most), so --new-only still knows the member was invited and the link still says it expired.
        var invitationsBefore = now - settings.InvitationRetention;
        var invitations = await DeleteAsync(
            db => db.Set<Invitation>(), i => i.ConsumedAt <= invitationsBefore || i.SupersededAt <= invitationsBefore, cancellationToken);
        // Closed proposals only: decided, or expired undecided (ApproveEmailChange claims a proposal only while
        // ExpiresAt is ahead, so one past it by the retention can no longer change under the delete).
        var proposalsBefore = now - settings.EmailChangeRetention;
        var proposals = await DeleteAsync(
            db => db.Set<EmailChangeProposal>(),
            p => (p.State == EmailChangeState.Pending && p.ExpiresAt <= proposalsBefore) || (p.State != EmailChangeState.Pending && p.DecidedAt <= proposalsBefore),
            cancellationToken);
        return new PurgeResult(captchas, counters, links, mail, audit, sessions, windows, invitations, proposals);
    }

    /// <summary>
    /// Every window a counter is read against (sign-in, suspensions, the daily ceiling, notice claims): past the
    /// longest, a counter holds nothing any rule still counts, so deleting it is the same as the fresh start it would get.
    /// </summary>
    private TimeSpan LongestCounterWindow() => new[]
    {
        signIn.Value.FailureWindow,
        recovery.Value.SuspensionPolicy.Window,
        recovery.Value.MemberCeilingPolicy.Window,
        recovery.Value.NoticeInterval,
    }.Max();

    private async Task<int> DeleteAsync<T>(
        Func<RecoveryDbContext, DbSet<T>> table, Expression<Func<T, bool>> expired, CancellationToken cancellationToken)
        where T : class
    {
        var batchSize = retention.Value.BatchSize;
        var total = 0;
        for (var batch = 0; batch < MaxBatchesPerTable; batch++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rows = table(db);
            // The condition twice: once to pick the batch, once on each row as the delete reaches it.
            var deleted = await rows.Where(expired)
                .Where(row => rows.Where(expired).Take(batchSize).Contains(row))
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                break;
            }
        }

        return total;
    }
}
