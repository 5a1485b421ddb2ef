using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// « Fermer »: an agent, with a reason, closes a mail the sender abandoned, once it is dealt with some other way (the
/// member was called, the address is being changed): « État des courriels » stops offering it. Nothing is sent and
/// the row stays, for the record, until retention deletes it like any abandoned mail. The close is an update that only
/// an open abandoned mail passes, so two agents closing (or one closing, one resending) at once act once. One audit row
/// (<see cref="AuditKind.StaffMailClosed"/>, for the member the mail was for, if any). Refused, it writes nothing.
/// </summary>
public sealed class CloseMail(IDbContextFactory<RecoveryDbContext> dbFactory, StaffAudit audit, TimeProvider time)
{
    /// <summary>The mails the console still offers to resend or close: abandoned by the sender, not yet dealt with.</summary>
    public static IQueryable<OutboxMessage> OpenAbandoned(RecoveryDbContext db) =>
        db.OutboxMessages.WhereAbandoned().Where(m => m.ClosedAt == null);

    public async Task<UseCaseResult> ExecuteAsync(Guid mailId, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default)
    {
        if (reason is not { } why || !Enum.IsDefined(why))
        {
            return UseCaseResult.Of(Outcome.ReasonRequired);
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var closed = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var mail = OpenAbandoned(db).Where(m => m.Id == mailId);
            var memberId = await mail.Select(m => m.MemberId).SingleOrDefaultAsync(ct);
            if (await mail.ExecuteUpdateAsync(set => set.SetProperty(m => m.ClosedAt, now), ct) == 0)
            {
                return false;
            }

            audit.Add(db, AuditKind.StaffMailClosed, memberId, staff, why);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        return UseCaseResult.Of(closed ? Outcome.Passed : Outcome.MailNotClosable);
    }
}
