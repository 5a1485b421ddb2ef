using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Mail;

/// <summary>
/// The outbox's states, defined once (OutboxStates): translated by EF Core on each provider, and the same rule when a
/// row already read is judged in memory (MemberStatusReader.StateOf).
/// </summary>
public sealed class OutboxStatesTests
{
    [DatabaseTheory]
    public async Task Queries_OneMailInEachState_SelectTheSameRowsAsTheRuleInMemory(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var now = host.Time.GetUtcNow();
        var mails = new Dictionary<MailState, OutboxMessage>
        {
            [MailState.Pending] = Mail(attempts: 0, next: now),
            [MailState.Failing] = Mail(attempts: 2, next: now + TimeSpan.FromMinutes(5)),
            [MailState.Sent] = Mail(attempts: 1, next: now, sentAt: now),
            [MailState.Abandoned] = Mail(attempts: 100, next: DeliverOutbox.Never),
            [MailState.Closed] = Mail(attempts: 4, next: DeliverOutbox.Never, closedAt: now),
        };
        await using (var db = host.NewDbContext())
        {
            db.OutboxMessages.AddRange(mails.Values);
            await db.SaveChangesAsync();
        }

        await using var check = host.NewDbContext();
        var stillToSend = await check.OutboxMessages.WhereStillToSend().Select(m => m.Id).ToListAsync();
        var abandoned = await check.OutboxMessages.WhereAbandoned().Select(m => m.Id).ToListAsync();
        var read = await check.OutboxMessages.AsNoTracking().ToListAsync();

        Assert.Equal(new[] { mails[MailState.Pending].Id, mails[MailState.Failing].Id }.Order(), stillToSend.Order());
        Assert.Equal(new[] { mails[MailState.Abandoned].Id, mails[MailState.Closed].Id }.Order(), abandoned.Order());
        Assert.All(read, mail => Assert.Equal(stillToSend.Contains(mail.Id), OutboxStates.IsStillToSend(mail)));
        Assert.All(mails, pair => Assert.Equal(pair.Key, MemberStatusReader.StateOf(read.Single(m => m.Id == pair.Value.Id))));
    }

    private static OutboxMessage Mail(int attempts, DateTimeOffset next, DateTimeOffset? sentAt = null, DateTimeOffset? closedAt = null) => new()
    {
        Id = Guid.NewGuid(), Kind = MailKinds.PasswordChanged, To = "marie.tremblay@example.org", Subject = "s",
        CreatedAt = next < DeliverOutbox.Never ? next - TimeSpan.FromMinutes(1) : DateTimeOffset.UnixEpoch, Attempts = attempts,
        NextAttemptAt = next, SentAt = sentAt, ClosedAt = closedAt,
    };
}
