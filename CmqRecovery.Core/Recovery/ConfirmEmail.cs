using System.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Recovery;

public enum ConfirmEmailOutcome
{
    /// <summary>Shown after « Oui » whether or not the hourly cap let a mail go.</summary>
    MailQueued,

    /// <summary>« Non »: the member is sent to the Collège's support.</summary>
    Disputed,

    /// <summary>This confirmation was already given once.</summary>
    AlreadyUsed,
}

public sealed record ConfirmEmailResult(ConfirmEmailOutcome Outcome, string? SupportPhone);

/// <summary>
/// Step 4. « Oui » creates a request (superseding older ones) and queues the reset mail in one transaction,
/// at most N per member per hour; past the cap the member sees the same confirmation and nothing is sent.
/// </summary>
public sealed class ConfirmEmail(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    public async Task<ConfirmEmailResult> ExecuteAsync(
        VerifiedIdentity identity, bool emailIsValid, ClientContext client, CancellationToken cancellationToken = default)
    {
        if (!identity.TryUse())
        {
            return new ConfirmEmailResult(ConfirmEmailOutcome.AlreadyUsed, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!emailIsValid)
        {
            await audit.AddAsync(db, AuditKind.EmailDisputed, identity.MemberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new ConfirmEmailResult(ConfirmEmailOutcome.Disputed, options.Value.SupportPhone);
        }

        // Everything that may write from another connection (the audit's IP key, a new Data Protection key for
        // the mail body) happens before the write lock below, or it would wait on that lock until it timed out.
        var now = time.GetUtcNow();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == identity.MemberId, cancellationToken);
        var token = RecoveryTokens.NewToken();
        var request = new RecoveryRequest
        {
            Id = RecoveryTokens.NewId(),
            MemberId = member.Id,
            TokenHash = RecoveryTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.LinkLifetime,
        };
        var mail = mails.ResetLink(member.DisplayName, options.Value.LinkFor(request.Id, token), options.Value.LinkLifetime);
        await audit.AddAsync(db, AuditKind.EmailConfirmed, member.Id, client, cancellationToken);
        await audit.AddAsync(db, AuditKind.MailQueued, member.Id, client, cancellationToken);
        db.RecoveryRequests.Add(request);
        outbox.Enqueue(db, MailKinds.ResetLink, member.Email, mail, member.Id);

        // Serializable: two circuits confirming at once must not both slip under the hourly cap.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var sentLastHour = await db.RecoveryRequests
            .CountAsync(r => r.MemberId == member.Id && r.CreatedAt > now.AddHours(-1), cancellationToken);
        if (sentLastHour >= options.Value.MailsPerMemberPerHour)
        {
            // Same answer as below; the prepared request and mail are dropped, only the audit remains.
            db.ChangeTracker.Clear();
            await audit.AddAsync(db, AuditKind.EmailConfirmed, member.Id, client, cancellationToken);
            await audit.AddAsync(db, AuditKind.MailCapped, member.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ConfirmEmailResult(ConfirmEmailOutcome.MailQueued, null);
        }

        var open = await db.RecoveryRequests
            .Where(r => r.MemberId == member.Id && r.ConsumedAt == null && r.SupersededAt == null && r.Id != request.Id)
            .ToListAsync(cancellationToken);
        foreach (var older in open)
        {
            older.SupersededAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.Wake();
        return new ConfirmEmailResult(ConfirmEmailOutcome.MailQueued, null);
    }
}
