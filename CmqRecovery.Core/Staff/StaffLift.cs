using System.Linq.Expressions;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// What <see cref="LiftSuspension"/> and <see cref="LiftSignInLock"/> share: in one transaction, the counters that hold
/// the member back reset (only if one of them does hold them back now, tested by the same conditional update, so two
/// agents lifting at once lift, audit and mail once), one audit row with the staff identity and reason, and the mail
/// to the member; then the outbox woken and the status read again (the action's row covers that view).
/// </summary>
public sealed class StaffLift(
    IDbContextFactory<RecoveryDbContext> dbFactory, ServerKeys keys, StaffAudit audit, MailOutbox outbox, MemberStatusReader reader, TimeProvider time)
{
    internal async Task<UseCaseResult<MemberRecoveryStatus>> ExecuteAsync(
        Guid memberId, StaffReason? reason, StaffActor staff, AuditKind kind,
        Func<MemberCounters, IReadOnlyList<string>> keysOf,
        Func<DateTimeOffset, Expression<Func<AttemptCounter, bool>>> holdsBack,
        Func<Member, DateTimeOffset, (string Kind, MailContent Content)> mail,
        CancellationToken cancellationToken)
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

        var now = time.GetUtcNow();
        var counterKeys = keysOf(await MemberCounters.ForAsync(keys, member, cancellationToken)).ToList();
        var (mailKind, content) = mail(member, now);
        // Protected once, before the transaction a retry may run again.
        var message = outbox.Prepare(mailKind, member.Email, content, member.Id);
        var strategy = db.Database.CreateExecutionStrategy();
        var lifted = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var held = await db.AttemptCounters.Where(c => counterKeys.Contains(c.Key)).Where(holdsBack(now)).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Failures, 0)
                .SetProperty(c => c.WindowStart, (DateTimeOffset?)null)
                .SetProperty(c => c.LockedUntil, (DateTimeOffset?)null), ct);
            if (held == 0)
            {
                return false;
            }

            await db.AttemptCounters.Where(c => counterKeys.Contains(c.Key)).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Failures, 0)
                .SetProperty(c => c.WindowStart, (DateTimeOffset?)null)
                .SetProperty(c => c.LockedUntil, (DateTimeOffset?)null), ct);
            audit.Add(db, kind, member.Id, staff, why);
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!lifted)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.NothingToLift);
        }

        outbox.Wake();
        db.ChangeTracker.Clear();
        return UseCaseResult<MemberRecoveryStatus>.Pass(await reader.ReadAsync(db, member, cancellationToken));
    }
}
