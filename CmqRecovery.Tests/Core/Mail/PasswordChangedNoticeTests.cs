using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Mail;

public sealed class PasswordChangedNoticeTests
{
    [DatabaseTheory]
    public async Task SetPassword_Succeeds_NoticeArrivesWithoutThePassword(DatabaseProvider provider)
    {
        const string newPassword = "Ornithorynque-Violet-Soupir-42";
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        var member = await MailTestKit.ConfirmEmailAsync(host);
        Assert.Equal(1, await host.Get<DeliverOutbox>().DeliverDueAsync());
        var link = SmtpTestServer.ExtractResetLink(await smtp.WaitForMailToAsync(member.Email, host.Get<RecoveryMails>().ResetLinkSubject));
        var authorization = await host.ResetAuthorizationAsync(link.RequestId, link.Token);

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, newPassword, newPassword, MailTestKit.Client);

        Assert.True(result.Passed, string.Join(", ", result.Value?.Refusals ?? []));
        Assert.Equal(1, await host.Get<DeliverOutbox>().DeliverDueAsync());

        var notice = await smtp.WaitForMailToAsync(member.Email, host.Get<RecoveryMails>().PasswordChangedSubject);
        Assert.Contains("a été modifié le", notice.Text);
        Assert.Contains("https://recuperation.test/connexion", notice.Text);
        var raw = notice.Message.ToString();
        Assert.DoesNotContain(newPassword, raw);
        Assert.DoesNotContain(newPassword, notice.Text);
        Assert.DoesNotContain(newPassword, notice.Html);
    }
}
