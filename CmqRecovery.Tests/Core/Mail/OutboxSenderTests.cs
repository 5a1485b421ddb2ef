using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CmqRecovery.Tests.Core.Mail;

/// <summary>The hosted loop itself. The fake clock never moves here, so only Wake can make it deliver.</summary>
public sealed class OutboxSenderTests
{
    [DatabaseTheory]
    public async Task OutboxSender_WokenAfterCommit_DeliversWithoutWaitingForThePoll(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var settings = smtp.Settings;
        settings["Smtp:PollInterval"] = "01:00:00";
        await using var host = await CoreTestHost.StartAsync(provider, settings);
        var sender = host.Services.GetServices<IHostedService>().OfType<OutboxSender>().Single();
        await sender.StartAsync(CancellationToken.None);
        try
        {
            // ConfirmEmail commits, then calls MailOutbox.Wake().
            var member = await MailTestKit.ConfirmEmailAsync(host);

            var mail = await smtp.WaitForMailToAsync(member.Email, host.Get<RecoveryMails>().ResetLinkSubject);
            Assert.NotNull(SmtpTestServer.ExtractResetLink(mail));
        }
        finally
        {
            await sender.StopAsync(CancellationToken.None);
        }

        Assert.False(sender.ExecuteTask!.IsFaulted, sender.ExecuteTask.Exception?.ToString());
        await using var db = host.NewDbContext();
        Assert.NotNull((await db.OutboxMessages.SingleAsync()).SentAt);
    }

    [DatabaseTheory]
    public async Task OutboxSender_NoSmtpHost_IdlesAndStopsCleanly(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Smtp:Host"] = "" });
        var sender = host.Services.GetServices<IHostedService>().OfType<OutboxSender>().Single();
        await sender.StartAsync(CancellationToken.None);
        await MailTestKit.QueueResetMailAsync(host);
        host.Get<MailOutbox>().Wake();

        await sender.StopAsync(CancellationToken.None);

        Assert.False(sender.ExecuteTask!.IsFaulted, sender.ExecuteTask.Exception?.ToString());
        var row = await MailTestKit.SingleMessageAsync(host);
        Assert.Equal(0, row.Attempts);
        Assert.NotNull(row.ProtectedTextBody);
    }
}
