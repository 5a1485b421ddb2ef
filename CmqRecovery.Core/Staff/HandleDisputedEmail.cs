using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// An agent marks one « Non » answer handled, with a short note: a <see cref="DisputeFollowUp"/> beside the audit row
/// (which is never changed) and one audit row of its own with the staff identity. Once only: the follow-up's key is
/// the answer's audit row, so a second agent at the same moment is refused by the database and writes nothing.
/// </summary>
public sealed class HandleDisputedEmail(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public async Task<UseCaseResult> ExecuteAsync(long disputeId, string? note, StaffActor staff, CancellationToken cancellationToken = default)
    {
        var trimmed = note?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > DisputeFollowUp.MaxNoteLength)
        {
            return UseCaseResult.Of(Outcome.NoteInvalid);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dispute = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Id == disputeId && e.Kind == AuditKind.EmailDisputed)
            .Select(e => new { e.Id, e.MemberId, Handled = db.Set<DisputeFollowUp>().Any(f => f.AuditEventId == e.Id) })
            .SingleOrDefaultAsync(cancellationToken);
        if (dispute is not { Handled: false })
        {
            return UseCaseResult.Of(Outcome.AlreadyUsed);
        }

        var now = time.GetUtcNow();
        db.Add(new DisputeFollowUp { AuditEventId = dispute.Id, HandledBy = staff.StaffId, HandledAt = now, Note = trimmed });
        db.AuditEvents.Add(StaffAuditRow.For(AuditKind.StaffDisputeHandled, dispute.MemberId, staff, null, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await check.Set<DisputeFollowUp>().AnyAsync(f => f.AuditEventId == disputeId, cancellationToken))
            {
                return UseCaseResult.Of(Outcome.AlreadyUsed); // another agent marked it first
            }

            throw;
        }

        return UseCaseResult.Of(Outcome.Passed);
    }
}
