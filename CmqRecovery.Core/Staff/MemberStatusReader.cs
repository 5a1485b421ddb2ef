using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// Reads a member's recovery status (<see cref="MemberRecoveryStatus"/>). Not a use case: it audits nothing, so only
/// the console's use cases call it, after writing their own audit row (viewing, or the action whose result it shows).
/// </summary>
public sealed class MemberStatusReader(ServerKeys keys, IOptions<SignInOptions> signIn, TimeProvider time)
{
    /// <summary>How many of each list the page shows, newest first.</summary>
    public const int RecentRequests = 5;
    public const int RecentMails = 10;
    public const int RecentEvents = 20;

    /// <summary>The active member with this id, tracked in <paramref name="db"/>; null when there is none.</summary>
    internal static Task<Member?> FindAsync(RecoveryDbContext db, Guid memberId, CancellationToken cancellationToken) =>
        db.Members.SingleOrDefaultAsync(m => m.Id == memberId && m.DeactivatedAt == null, cancellationToken);

    internal async Task<MemberRecoveryStatus> ReadAsync(RecoveryDbContext db, Member member, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keysOfMember = await MemberCounters.ForAsync(keys, member, cancellationToken);
        var wanted = keysOfMember.All.ToList();
        var counters = await db.AttemptCounters.AsNoTracking().Where(c => wanted.Contains(c.Key)).ToDictionaryAsync(c => c.Key, cancellationToken);

        var suspensions = keysOfMember.Suspensions
            .Where(pair => counters.TryGetValue(pair.Value, out var counter) && counter.LockedUntil > now)
            .Select(pair => new Suspension(pair.Key, counters[pair.Value].LockedUntil!.Value))
            .ToList();

        var policy = signIn.Value.Policy;
        var signInState = new SignInState(0, false, null);
        if (counters.TryGetValue(keysOfMember.SignIn, out var signInCounter))
        {
            // As AttemptLimiter.ReadAsync counts: failures older than the window, or before an expired lock, are gone.
            var locked = signInCounter.LockedUntil > now;
            var stale = signInCounter.WindowStart is null || signInCounter.WindowStart <= now - policy.Window
                || (signInCounter.LockedUntil is not null && !locked);
            var failures = stale ? 0 : signInCounter.Failures;
            signInState = new SignInState(failures, !locked && failures >= policy.ProofAfter, locked ? signInCounter.LockedUntil : null);
        }

        var questions = await db.MemberQuestions.CountAsync(q => q.MemberId == member.Id, cancellationToken);
        var requests = (await db.RecoveryRequests.AsNoTracking().Where(r => r.MemberId == member.Id)
                .Select(r => new { r.CreatedAt, r.ExpiresAt, r.ConsumedAt, r.SupersededAt })
                .ToListAsync(cancellationToken))
            .OrderByDescending(r => r.CreatedAt).Take(RecentRequests)
            .Select(r => new RecoveryRequestRow(r.CreatedAt, r.ExpiresAt,
                r.ConsumedAt is not null ? RecoveryRequestOutcome.Used
                : r.SupersededAt is not null ? RecoveryRequestOutcome.Superseded
                : r.ExpiresAt <= now ? RecoveryRequestOutcome.Expired
                : RecoveryRequestOutcome.Open))
            .ToList();

        var mails = (await db.OutboxMessages.AsNoTracking().Where(m => m.MemberId == member.Id)
                // The sender's columns only: no address, subject or body is read (the page shows none).
                .Select(m => new OutboxMessage
                {
                    Id = m.Id, Kind = m.Kind, To = string.Empty, Subject = string.Empty,
                    Attempts = m.Attempts, CreatedAt = m.CreatedAt, SentAt = m.SentAt, NextAttemptAt = m.NextAttemptAt, ClosedAt = m.ClosedAt,
                })
                .ToListAsync(cancellationToken))
            .OrderByDescending(m => m.CreatedAt).Take(RecentMails)
            .Select(m =>
            {
                var state = StateOf(m);
                return new MemberMailRow(m.Id, m.Kind, state, m.Attempts, m.CreatedAt, m.SentAt,
                    state is MailState.Pending or MailState.Failing ? m.NextAttemptAt : null);
            })
            .ToList();

        var events = (await db.AuditEvents.AsNoTracking().Where(e => e.MemberId == member.Id)
                .OrderByDescending(e => e.Id).Take(RecentEvents)
                .Select(e => new { e.At, e.Kind, e.StaffId, e.StaffReason })
                .ToListAsync(cancellationToken))
            .Select(e => new MemberAuditRow(e.At, e.Kind, e.StaffId, e.StaffReason))
            .ToList();

        return new MemberRecoveryStatus(
            new FoundMember(member.Id, member.DisplayName, member.UserCode, member.Email, member.Kind, member.PasswordHash is not null),
            suspensions, signInState, questions, requests, mails, events);
    }

    /// <summary>A mail's state from the sender's columns (DeliverOutbox writes them), by the queries' own definition (OutboxStates).</summary>
    public static MailState StateOf(OutboxMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        return mail.SentAt is not null ? MailState.Sent
            : OutboxStates.IsStillToSend(mail) ? (mail.Attempts > 0 ? MailState.Failing : MailState.Pending)
            : mail.ClosedAt is null ? MailState.Abandoned
            : MailState.Closed;
    }
}
