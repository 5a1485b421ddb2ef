using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Staff;

/// <summary>What an agent proposes: the member (exact user code or email), the new address, and how they verified the caller.</summary>
public sealed record EmailChangeRequest(string? Member, string? NewEmail, EmailChangeVerification? Verification, string? Note);

/// <summary>
/// The first pair of eyes: an agent (support or supervisor) proposes a member's new email. Nothing changes for the
/// member until a different supervisor approves it (<see cref="ApproveEmailChange"/>). The new address is checked as
/// the register import checks it (syntax; no other member holds it). One audit row, with the staff identity and the
/// verification; any refusal reads as little as it can and writes nothing.
/// </summary>
public sealed class ProposeEmailChange(
    IDbContextFactory<RecoveryDbContext> dbFactory, IOptions<EmailChangeOptions> options, TimeProvider time)
{
    public async Task<UseCaseResult<EmailChangeProposal>> ExecuteAsync(
        EmailChangeRequest request, StaffActor staff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Verification is not { } verification || !Enum.IsDefined(verification))
        {
            return UseCaseResult<EmailChangeProposal>.Refuse(Outcome.ReasonRequired);
        }

        var note = request.Note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > EmailChangeProposal.MaxNoteLength)
        {
            return UseCaseResult<EmailChangeProposal>.Refuse(Outcome.NoteInvalid);
        }

        var target = StaffMemberIdentifier.Parse(request.Member);
        if (target.Refusal is { } refusal)
        {
            return UseCaseResult<EmailChangeProposal>.Refuse(refusal);
        }

        if (!EmailAddress.IsValid(request.NewEmail))
        {
            return UseCaseResult<EmailChangeProposal>.Refuse(Outcome.NewEmailInvalid);
        }

        var newEmail = request.NewEmail!.Trim();
        var normalized = Member.NormalizeEmail(newEmail);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await target.FindAsync(db, cancellationToken);
        if (member is null)
        {
            return UseCaseResult<EmailChangeProposal>.Refuse(Outcome.UnknownMember);
        }

        // One open proposal per member: two could each be approved, one after the other, and move the address twice.
        var now = time.GetUtcNow();
        if (await db.Set<EmailChangeProposal>().AnyAsync(
            p => p.MemberId == member.Id && p.State == EmailChangeState.Pending && p.ExpiresAt > now, cancellationToken))
        {
            return UseCaseResult<EmailChangeProposal>.Refuse(Outcome.ProposalPending);
        }

        // Any member, deactivated ones too: the unique index would refuse the approval anyway.
        if (await db.Members.AnyAsync(m => m.NormalizedEmail == normalized, cancellationToken))
        {
            return UseCaseResult<EmailChangeProposal>.Refuse(Outcome.EmailTaken);
        }

        var proposal = new EmailChangeProposal
        {
            Id = Guid.CreateVersion7(now),
            MemberId = member.Id,
            NewEmail = newEmail,
            NewNormalizedEmail = normalized,
            Verification = verification,
            Note = note,
            ProposedBy = staff.StaffId,
            ProposedAt = now,
            ExpiresAt = now + options.Value.EmailChangeLifetime,
            State = EmailChangeState.Pending,
        };
        db.Add(proposal);
        db.AuditEvents.Add(StaffAuditRow.For(AuditKind.StaffEmailChangeProposed, member.Id, staff, verification.ToString(), now));
        await db.SaveChangesAsync(cancellationToken);
        return UseCaseResult<EmailChangeProposal>.Pass(proposal);
    }
}
