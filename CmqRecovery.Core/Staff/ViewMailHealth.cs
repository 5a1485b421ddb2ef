using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>An abandoned mail as « État des courriels » lists it: kind, dates, attempts and the relay's error, redacted; never whom it was for.</summary>
public sealed record AbandonedMailRow(Guid Id, string Kind, DateTimeOffset CreatedAt, int Attempts, string? LastError, bool CanResend);

/// <summary>The outbox as a whole: mails waiting for a first attempt, failing (retried), abandoned, and the oldest unsent mail's age.</summary>
public sealed record MailHealth(long Pending, long Failing, long Abandoned, TimeSpan OldestPendingAge, IReadOnlyList<AbandonedMailRow> AbandonedRows);

/// <summary>
/// « État des courriels »: counts and the most recent abandoned mails, with no address, member or body (an address a
/// relay quoted in its error is masked by <see cref="MailRedaction"/>). Nothing about a member is read, so viewing is
/// not audited; a resend from it is (<see cref="ResendMail"/>).
/// </summary>
public sealed class ViewMailHealth(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public const int AbandonedShown = 50;

    public async Task<UseCaseResult<MailHealth>> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unsent = db.OutboxMessages.WhereStillToSend();
        var pending = await unsent.LongCountAsync(m => m.Attempts == 0, cancellationToken);
        var failing = await unsent.LongCountAsync(m => m.Attempts > 0, cancellationToken);
        var oldest = await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var abandoned = CloseMail.OpenAbandoned(db);
        var abandonedCount = await abandoned.LongCountAsync(cancellationToken);
        var rows = (await abandoned.OrderByDescending(m => m.CreatedAt).Take(AbandonedShown)
                .Select(m => new { m.Id, m.Kind, m.CreatedAt, m.Attempts, m.LastError, m.To, m.MemberId })
                .ToListAsync(cancellationToken))
            .Select(m => new AbandonedMailRow(m.Id, m.Kind, m.CreatedAt, m.Attempts, m.LastError is null ? null : MailRedaction.Redact(m.LastError, m.To),
                m.MemberId is not null && ResendMail.AdviceFor(m.Kind) == ResendAdvice.Resend))
            .ToList();
        var age = oldest is { } createdAt && now > createdAt ? now - createdAt : TimeSpan.Zero;
        return UseCaseResult<MailHealth>.Pass(new MailHealth(pending, failing, abandonedCount, age, rows));
    }
}
