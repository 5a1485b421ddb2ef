using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// A supervisor turns a pending proposal down (their own too: that only withdraws it). The member's email stays; one
/// audit row says who. A proposal already decided is refused and left as it is (the state is a concurrency token).
/// </summary>
public sealed class RejectEmailChange(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public async Task<UseCaseResult> ExecuteAsync(Guid proposalId, StaffActor staff, bool isSupervisor, CancellationToken cancellationToken = default)
    {
        if (!isSupervisor)
        {
            return UseCaseResult.Of(Outcome.NotSupervisor);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var proposal = await db.Set<EmailChangeProposal>().SingleOrDefaultAsync(p => p.Id == proposalId, cancellationToken);
        if (proposal is not { State: EmailChangeState.Pending })
        {
            return UseCaseResult.Of(Outcome.ProposalClosed);
        }

        var now = time.GetUtcNow();
        proposal.State = EmailChangeState.Rejected;
        proposal.DecidedBy = staff.StaffId;
        proposal.DecidedAt = now;
        db.AuditEvents.Add(StaffAuditRow.For(AuditKind.StaffEmailChangeRejected, proposal.MemberId, staff, proposal.Verification.ToString(), now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return UseCaseResult.Of(Outcome.ProposalClosed);
        }

        return UseCaseResult.Of(Outcome.Passed);
    }
}
