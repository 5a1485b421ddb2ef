using System.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Recovery;

/// <summary>
/// Procedure step 4. « Oui » creates a request (superseding older ones) and queues the reset mail in one transaction,
/// at most N per member per hour; past the cap the member sees the same confirmation and nothing is sent.
/// </summary>
public sealed class ConfirmEmail(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IOptions<RecoveryOptions> options,
    IRecoveryLinks links,
    TimeProvider time)
{
    public async Task<UseCaseResult> ExecuteAsync(
        VerifiedIdentity identity, bool emailIsValid, ClientContext client, CancellationToken cancellationToken = default)
    {
        if (!identity.TryUse())
        {
            return UseCaseResult.Of(Outcome.AlreadyUsed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!emailIsValid)
        {
            await audit.AddAsync(db, AuditKind.EmailDisputed, identity.MemberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult.Of(Outcome.Disputed);
        }

        // Everything that may write from another connection (a new Data Protection key for the mail body) happens
        // before the write lock below, or it would wait on that lock until it timed out. (The audit's IP key was
        // made at start-up.)
        var now = time.GetUtcNow();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == identity.MemberId, cancellationToken);
        var (request, token) = RecoveryTokens.NewRequest(member.Id, now, options.Value.LinkLifetime);
        var mail = mails.ResetLink(member.DisplayName, links.ResetLink(request.Id, token), options.Value.LinkLifetime);
        var message = outbox.Prepare(MailKinds.ResetLink, member.Email, mail, member.Id);

        // Serializable: two circuits confirming at once must not both slip under the hourly cap. PostgreSQL answers
        // a conflict by failing one of them (serialisation failure); the execution strategy runs it again from
        // the top, on a clean change tracker, until it commits.
        var strategy = db.Database.CreateExecutionStrategy();
        var queued = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            await audit.AddAsync(db, AuditKind.EmailConfirmed, member.Id, client, ct);
            var sentLastHour = await db.RecoveryRequests
                .CountAsync(r => r.MemberId == member.Id && r.CreatedAt > now.AddHours(-1), ct);
            if (sentLastHour >= options.Value.MailsPerMemberPerHour)
            {
                // Same answer as below; the prepared request and mail are dropped, only the audit remains.
                await audit.AddAsync(db, AuditKind.MailCapped, member.Id, client, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return false;
            }

            var open = await db.RecoveryRequests
                .Where(r => r.MemberId == member.Id && r.ConsumedAt == null && r.SupersededAt == null)
                .ToListAsync(ct);
            foreach (var older in open)
            {
                older.SupersededAt = now;
            }

            await audit.AddAsync(db, AuditKind.MailQueued, member.Id, client, ct);
            db.RecoveryRequests.Add(request);
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);

        if (queued)
        {
            outbox.Wake();
        }

        // Passed whether or not the hourly cap let a mail go: the member sees the same confirmation.
        return UseCaseResult.Of(Outcome.Passed);
    }
}
