using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>« État des courriels »: counts by state, the oldest unsent mail's age, abandoned rows without an address.</summary>
public sealed class ViewMailHealthTests
{
    internal static async Task<OutboxMessage> AddAsync(CoreTestHost host, Member member, string kind, int attempts, bool abandoned, string? error = null)
    {
        await using var db = host.NewDbContext();
        var message = host.Get<MailOutbox>().Prepare(kind, member.Email, new MailContent("Sujet", "Corps secret", "<p>Corps secret</p>"), member.Id);
        message.Attempts = attempts;
        message.LastError = error;
        if (abandoned)
        {
            message.NextAttemptAt = DeliverOutbox.Never;
            message.ProtectedTextBody = message.ProtectedHtmlBody = null;
        }

        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    [DatabaseTheory]
    public async Task Execute_MailsInEachState_CountsThemAndMasksTheAddressInErrors(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await AddAsync(host, member, MailKinds.PasswordChanged, 0, abandoned: false);
        host.Time.Advance(TimeSpan.FromMinutes(7));
        await AddAsync(host, member, MailKinds.ResetLink, 2, abandoned: false, "451 try later");
        await AddAsync(host, member, MailKinds.ResetLink, 5, abandoned: true, $"550 5.1.1 <{member.Email}>: unknown");
        var notice = await AddAsync(host, member, MailKinds.QuestionsChanged, 1, abandoned: true, "550 mailbox full");
        host.Time.Advance(TimeSpan.FromMinutes(5));

        var health = (await host.Get<ViewMailHealth>().ExecuteAsync()).Value!;

        Assert.Equal((1L, 1L, 2L, TimeSpan.FromMinutes(12)), (health.Pending, health.Failing, health.Abandoned, health.OldestPendingAge));
        Assert.Equal(2, health.AbandonedRows.Count);
        Assert.All(health.AbandonedRows, row => Assert.DoesNotContain("marie.tremblay", row.LastError!, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(health.AbandonedRows, row => row.LastError == $"550 5.1.1 <{MailRedaction.Placeholder}>: unknown" && !row.CanResend);
        Assert.Contains(health.AbandonedRows, row => row.Id == notice.Id && row.CanResend);
    }
}
