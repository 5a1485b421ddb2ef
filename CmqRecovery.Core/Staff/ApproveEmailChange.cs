using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// The second pair of eyes: a supervisor who did not propose it approves a pending, unexpired proposal. In one
/// transaction the member's email changes (checked again: still free, member still active), both addresses get the
/// register's « courriel modifié » notice, every open reset link and invitation of the member is closed (a link mailed
/// to the old address no longer proves the mailbox, as in the register import), the proposal is closed and one audit
/// row says who approved. Any refusal changes nothing. Of two supervisors approving at once, one wins: the proposal is
/// claimed by a conditional update (… WHERE State = Pending), so the other's matches no row and is refused.
/// </summary>
public sealed class ApproveEmailChange(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    MailOutbox outbox,
    RecoveryMails mails,
    IRecoveryLinks links,
    TimeProvider time)
{
    public async Task<UseCaseResult> ExecuteAsync(Guid proposalId, StaffActor staff, bool isSupervisor, CancellationToken cancellationToken = default)
    {
        if (!isSupervisor)
        {
            return UseCaseResult.Of(Outcome.NotSupervisor);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var proposal = await db.Set<EmailChangeProposal>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == proposalId, cancellationToken);
        var member = proposal is null ? null : await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == proposal.MemberId, cancellationToken);
        if (await RefusalAsync(db, proposal, member, staff, now, cancellationToken) is { } refusal)
        {
            return UseCaseResult.Of(refusal);
        }

        // Protected before the transaction: a new Data Protection key is written from another connection.
        var content = mails.EmailChanged(member!.DisplayName, member.Email, proposal!.NewEmail, links.SignIn);
        var toOld = outbox.Prepare(MailKinds.EmailChanged, member.Email, content, member.Id);
        var toNew = outbox.Prepare(MailKinds.EmailChanged, proposal.NewEmail, content, member.Id);

        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            var outcome = await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // The conditional update claims the proposal: a second supervisor's waits for this transaction, then
                // matches no row (the state is no longer Pending) and is refused with nothing written.
                var claimed = await db.Set<EmailChangeProposal>()
                    .Where(p => p.Id == proposalId && p.State == EmailChangeState.Pending && p.ExpiresAt > now && p.ProposedBy != staff.StaffId)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(p => p.State, EmailChangeState.Approved)
                        .SetProperty(p => p.DecidedBy, staff.StaffId)
                        .SetProperty(p => p.DecidedAt, now), ct);
                var pending = await db.Set<EmailChangeProposal>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == proposalId, ct);
                var holder = pending is null ? null : await db.Members.SingleOrDefaultAsync(m => m.Id == pending.MemberId, ct);
                if (claimed == 0)
                {
                    return await RefusalAsync(db, pending, holder, staff, now, ct) ?? Outcome.ProposalClosed;
                }

                // Claimed by this transaction (state Approved, not yet committed): only the member and the address are left to check.
                if (await MemberRefusalAsync(db, pending!, holder, evenThisMember: true, ct) is { } late)
                {
                    return late; // rolled back: the proposal stays pending
                }

                holder!.Email = pending!.NewEmail;
                holder.NormalizedEmail = pending.NewNormalizedEmail;
                holder.UpdatedAt = now;
                db.OutboxMessages.AddRange(toOld, toNew);
                db.AuditEvents.Add(StaffAuditRow.For(AuditKind.StaffEmailChangeApproved, holder.Id, staff, pending.Verification.ToString(), now));
                await db.RecoveryRequests.Where(r => r.MemberId == holder.Id && r.ConsumedAt == null && r.SupersededAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.SupersededAt, now), ct);
                await db.Set<Invitation>().Where(i => i.MemberId == holder.Id && i.ConsumedAt == null && i.SupersededAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.SupersededAt, now), ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return Outcome.Passed;
            }, cancellationToken);
            if (outcome == Outcome.Passed)
            {
                outbox.Wake();
            }

            return UseCaseResult.Of(outcome);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another supervisor decided it first (or the member changed under us): the transaction rolled back.
            return UseCaseResult.Of(Outcome.ProposalClosed);
        }
        catch (DbUpdateException)
        {
            // Another member took the address between the check and the commit (the unique index said so).
            if (await EmailHeldAsync(proposalId, cancellationToken))
            {
                return UseCaseResult.Of(Outcome.EmailTaken);
            }

            throw;
        }
    }

    /// <summary>Why this proposal cannot be approved by this supervisor now, or null.</summary>
    private static async Task<Outcome?> RefusalAsync(
        RecoveryDbContext db, EmailChangeProposal? proposal, Members.Member? member, StaffActor staff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (proposal is not { State: EmailChangeState.Pending })
        {
            return Outcome.ProposalClosed;
        }

        if (string.Equals(proposal.ProposedBy, staff.StaffId, StringComparison.Ordinal))
        {
            return Outcome.OwnProposal;
        }

        if (proposal.ExpiresAt <= now)
        {
            return Outcome.ProposalExpired;
        }

        // Other members only, before the claim: a supervisor who just approved it changed this member's address, and
        // the claim then tells this one the proposal is closed rather than that the address is taken.
        return await MemberRefusalAsync(db, proposal, member, evenThisMember: false, cancellationToken);
    }

    /// <summary>The member is gone, or another member (or, <paramref name="evenThisMember"/>, this one) holds the address now; or null.</summary>
    private static async Task<Outcome?> MemberRefusalAsync(
        RecoveryDbContext db, EmailChangeProposal proposal, Members.Member? member, bool evenThisMember, CancellationToken cancellationToken)
    {
        if (member is not { DeactivatedAt: null })
        {
            return Outcome.MemberGone;
        }

        return await db.Members.AnyAsync(m => m.NormalizedEmail == proposal.NewNormalizedEmail && (evenThisMember || m.Id != proposal.MemberId), cancellationToken)
            ? Outcome.EmailTaken
            : null;
    }

    private async Task<bool> EmailHeldAsync(Guid proposalId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var email = await db.Set<EmailChangeProposal>().Where(p => p.Id == proposalId).Select(p => p.NewNormalizedEmail).SingleOrDefaultAsync(cancellationToken);
        return email is not null && await db.Members.AnyAsync(m => m.NormalizedEmail == email, cancellationToken);
    }
}
