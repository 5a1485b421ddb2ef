using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Register;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// « Envoyer une invitation »: an agent, with a reason, sends one active member who has no password a new invitation
/// (Register:InvitationLifetime); an open one is superseded, as a register run with newOnly off does. The invitation
/// counts against the register's hourly budget (Register:InvitationsPerHour), counted as <see cref="InviteMembers"/>
/// counts it, and under the same <see cref="RegisterRunLock"/>: while a run holds it the agent is told to try later
/// rather than wait, and the budget is never read by two at once. One audit row
/// (<see cref="AuditKind.StaffInvitationSent"/>), the invitation and its mail, in one transaction. Refused (no reason,
/// no such active member, a password already chosen, the budget spent, a run under way): nothing written or mailed.
/// </summary>
public sealed class InviteMember(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    RegisterRunLock runLock,
    StaffAudit audit,
    MailOutbox outbox,
    RecoveryMails mails,
    IActivationLinks links,
    MemberStatusReader reader,
    IOptions<RegisterOptions> options,
    TimeProvider time)
{
    public async Task<UseCaseResult<MemberRecoveryStatus>> ExecuteAsync(
        Guid memberId, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default)
    {
        if (reason is not { } why || !Enum.IsDefined(why))
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.ReasonRequired);
        }

        IAsyncDisposable held;
        try
        {
            held = await runLock.AcquireAsync(cancellationToken);
        }
        catch (RegisterBusyException)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.RegisterBusy);
        }

        await using (held)
        {
            return await InviteAsync(memberId, why, staff, cancellationToken);
        }
    }

    private async Task<UseCaseResult<MemberRecoveryStatus>> InviteAsync(Guid memberId, StaffReason why, StaffActor staff, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await MemberStatusReader.FindAsync(db, memberId, cancellationToken) is not { } member)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.UnknownMember);
        }

        if (member.PasswordHash is not null)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.MemberHasPassword);
        }

        var now = time.GetUtcNow();
        // Read under the run lock: no run, and no other agent, spends the budget between this count and the commit.
        if (await InviteMembers.SpentAsync(db, now, cancellationToken) >= settings.InvitationsPerHour)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.InvitationBudgetReached);
        }

        // Token and protected body first: a retried transaction adds the same rows again, made once.
        var (invitation, token) = Invitation.New(member.Id, now, settings.InvitationLifetime);
        var content = mails.Invitation(member.DisplayName, links.ActivationLink(invitation.Id, token), settings.InvitationLifetime);
        var message = outbox.Prepare(MailKinds.Invitation, member.Email, content, member.Id);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await InviteMembers.SupersedeOpenAsync(db, [member.Id], now, ct);
            db.Add(invitation);
            db.OutboxMessages.Add(message);
            audit.Add(db, AuditKind.StaffInvitationSent, member.Id, staff, why);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        outbox.Wake();
        db.ChangeTracker.Clear();
        return UseCaseResult<MemberRecoveryStatus>.Pass(await reader.ReadAsync(db, member, cancellationToken));
    }
}
