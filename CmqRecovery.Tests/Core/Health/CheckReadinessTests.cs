using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Health;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Health;

public sealed class CheckReadinessTests
{
    [DatabaseTheory]
    public async Task Execute_EmptyOutbox_IsReady(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);

        Assert.Equal(ReadinessProblem.None, await host.Get<CheckReadiness>().ExecuteAsync());
    }

    [DatabaseTheory]
    public async Task Execute_MailFailingForDays_IsReady(DatabaseProvider provider)
    {
        // The relay is down (nothing listens on the port): the mail fails, backs off, and stays pending.
        await using var host = await CoreTestHost.StartAsync(provider, SmtpTestServer.SettingsFor(LoopbackPort.Free()));
        await MailTestKit.QueueResetMailAsync(host);
        var deliver = host.Get<DeliverOutbox>();
        for (var day = 0; day < 3; day++)
        {
            await deliver.DeliverDueAsync();
            host.Time.Advance(TimeSpan.FromDays(1));
        }

        var stuck = await MailTestKit.SingleMessageAsync(host);
        Assert.Null(stuck.SentAt);
        Assert.NotEqual(DeliverOutbox.Never, stuck.NextAttemptAt);
        Assert.Equal(3, stuck.Attempts);

        // Mail is shared by every node: it is an alert (cmq_outbox_oldest_age_seconds), never a reason to stop serving.
        Assert.Equal(ReadinessProblem.None, await host.Get<CheckReadiness>().ExecuteAsync());
    }

    [DatabaseTheory]
    public async Task Execute_OldMailSentOrAbandoned_IsReady(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var (member, _, _, content) = await MailTestKit.QueueResetMailAsync(host);
        await using (var db = host.NewDbContext())
        {
            host.Get<MailOutbox>().Enqueue(db, MailKinds.ResetLink, member.Email, content, member.Id);
            await db.SaveChangesAsync();
        }

        await using (var db = host.NewDbContext())
        {
            var messages = await db.OutboxMessages.ToListAsync();
            messages[0].SentAt = host.Time.GetUtcNow();
            messages[1].NextAttemptAt = DeliverOutbox.Never;
            await db.SaveChangesAsync();
        }

        host.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(ReadinessProblem.None, await host.Get<CheckReadiness>().ExecuteAsync());
    }

    [DatabaseTheory]
    public async Task Execute_DatabaseUnreachable_SaysSoWithinTheTimeout(DatabaseProvider provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RecoveryDataServiceCollectionExtensions.ProviderKey] = provider.ToString(),
            ["ConnectionStrings:Recovery"] = provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}", "x.db")}"
                : "Host=127.0.0.1;Port=1;Username=nobody;Password=none;Timeout=1",
            ["Health:DatabaseTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddRecoveryCore(configuration);
        await using var provided = services.BuildServiceProvider();

        Assert.Equal(ReadinessProblem.DatabaseUnreachable, await provided.GetRequiredService<CheckReadiness>().ExecuteAsync());
    }
}
