using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>What the console may do with a mail that did not go out, by its kind (<see cref="ResendMail.AdviceFor"/>).</summary>
public enum ResendAdvice
{
    /// <summary>It carries no token: it can be resent.</summary>
    Resend,

    /// <summary>A reset link (30 min, single use): the member starts the recovery again.</summary>
    MemberRestartsRecovery,

    /// <summary>An invitation: a new invitation, never the old link.</summary>
    SendNewInvitation,

    /// <summary>A notice whose way-back link (single use) kept the member out: lift the suspension or the lock, which mails the member.</summary>
    LiftInstead,
}

/// <summary>
/// « Renvoyer »: an agent, with a reason, resends a mail to the member that the sender abandoned. Its body was erased
/// when it was abandoned (DeliverOutbox), so it is written again, as a new mail, from its kind and its creation time
/// (the time of the change it reported: the row was written in the same transaction); the abandoned row stays as it
/// was, for the record. Only mails that carry no token: a link in an old mail may have expired or been replaced, so
/// those get <see cref="AdviceFor"/> instead. Only to the member's current address. A mail still failing is not
/// resent: the sender retries it by itself, and a row it may be sending at that moment must not be made due twice.
/// One audit row (<see cref="AuditKind.StaffMailResent"/>); the new mail is the member's mail. The abandoned row is
/// closed in the same transaction, by an update that only an open one passes (<see cref="CloseMail.OpenAbandoned"/>): two
/// agents resending it at once send one mail.
/// </summary>
public sealed class ResendMail(
    IDbContextFactory<RecoveryDbContext> dbFactory, StaffAudit audit, MailOutbox outbox, RecoveryMails mails, IRecoveryLinks links,
    MemberStatusReader reader, TimeProvider time)
{
    public static ResendAdvice AdviceFor(string kind) => kind switch
    {
        MailKinds.PasswordChanged or MailKinds.QuestionsChanged or MailKinds.SuspensionLifted or MailKinds.SignInUnlocked => ResendAdvice.Resend,
        MailKinds.ResetLink => ResendAdvice.MemberRestartsRecovery,
        MailKinds.Invitation => ResendAdvice.SendNewInvitation,
        _ => ResendAdvice.LiftInstead,
    };

    /// <summary>Whether the console offers to resend this mail.</summary>
    public static bool CanResend(MemberMailRow mail) =>
        mail.State == MailState.Abandoned && AdviceFor(mail.Kind) == ResendAdvice.Resend;

    public async Task<UseCaseResult<MemberRecoveryStatus>> ExecuteAsync(
        Guid memberId, Guid mailId, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default)
    {
        if (reason is not { } why || !Enum.IsDefined(why))
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.ReasonRequired);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await MemberStatusReader.FindAsync(db, memberId, cancellationToken) is not { } member)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.UnknownMember);
        }

        var mail = await db.OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mailId && m.MemberId == member.Id, cancellationToken);
        if (mail is null || MemberStatusReader.StateOf(mail) != MailState.Abandoned
            || AdviceFor(mail.Kind) != ResendAdvice.Resend
            || !string.Equals(Member.NormalizeEmail(mail.To), member.NormalizedEmail, StringComparison.Ordinal))
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.MailNotResendable);
        }

        var content = Compose(mail.Kind, member.DisplayName, mail.CreatedAt);
        var now = time.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        var resent = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (await CloseMail.OpenAbandoned(db).Where(m => m.Id == mail.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.ClosedAt, now), ct) == 0)
            {
                return false; // another agent resent or closed it meanwhile
            }

            outbox.Enqueue(db, mail.Kind, member.Email, content, member.Id);
            audit.Add(db, AuditKind.StaffMailResent, member.Id, staff, why);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!resent)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.MailNotResendable);
        }

        outbox.Wake();
        return UseCaseResult<MemberRecoveryStatus>.Pass(await reader.ReadAsync(db, member, cancellationToken));
    }

    /// <summary>From « État des courriels », which names the mail only: the same resend, for the member the mail was for.</summary>
    public async Task<UseCaseResult<MemberRecoveryStatus>> ExecuteAsync(Guid mailId, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var memberId = await db.OutboxMessages.Where(m => m.Id == mailId).Select(m => m.MemberId).SingleOrDefaultAsync(cancellationToken);
        return memberId is { } id
            ? await ExecuteAsync(id, mailId, reason, staff, cancellationToken)
            : UseCaseResult<MemberRecoveryStatus>.Refuse(reason is null ? Outcome.ReasonRequired : Outcome.MailNotResendable);
    }

    private MailContent Compose(string kind, string displayName, DateTimeOffset at) => kind switch
    {
        MailKinds.PasswordChanged => mails.PasswordChanged(displayName, at, links.SignIn),
        MailKinds.QuestionsChanged => mails.QuestionsChanged(displayName, at, links.SignIn),
        MailKinds.SuspensionLifted => mails.SuspensionLifted(displayName, at, links.Recovery),
        MailKinds.SignInUnlocked => mails.SignInUnlocked(displayName, at, links.SignIn),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a resendable kind."),
    };
}
