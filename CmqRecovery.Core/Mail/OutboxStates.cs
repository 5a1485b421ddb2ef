using System.Linq.Expressions;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// The outbox's states as one definition each, written as expressions so EF Core translates them (SQLite and
/// PostgreSQL) and, compiled, judges a row already read by the same rule: the backlog gauge (OutboxBacklog),
/// « État des courriels » (ViewMailHealth) and a member's status (MemberStatusReader.StateOf) cannot drift apart.
/// </summary>
public static class OutboxStates
{
    /// <summary>Unsent and not abandoned: the sender still owes this mail, a first attempt or a retry.</summary>
    public static readonly Expression<Func<OutboxMessage, bool>> StillToSend =
        m => m.SentAt == null && m.NextAttemptAt != DeliverOutbox.Never;

    /// <summary>Given up for good by the sender (<see cref="DeliverOutbox.Never"/>), whether or not staff closed it since.</summary>
    public static readonly Expression<Func<OutboxMessage, bool>> Abandoned =
        m => m.SentAt == null && m.NextAttemptAt == DeliverOutbox.Never;

    private static readonly Func<OutboxMessage, bool> StillToSendCompiled = StillToSend.Compile();

    public static IQueryable<OutboxMessage> WhereStillToSend(this IQueryable<OutboxMessage> outbox) => outbox.Where(StillToSend);

    public static IQueryable<OutboxMessage> WhereAbandoned(this IQueryable<OutboxMessage> outbox) => outbox.Where(Abandoned);

    /// <summary><see cref="StillToSend"/> on a row already read.</summary>
    public static bool IsStillToSend(OutboxMessage mail) => StillToSendCompiled(mail);
}
