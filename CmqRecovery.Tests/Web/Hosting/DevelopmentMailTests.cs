using CmqRecovery.Core.Data;
using System.Net;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Dev;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>Development with no Smtp:Host: mail goes to the embedded server and shows at /dev/courriels.</summary>
public sealed class DevelopmentMailTests
{
    private static readonly ClientContext Client = new("203.0.113.10");

    [DatabaseTheory]
    public async Task ConfirmEmail_Development_MailReachesTheDevMailboxAndItsPage(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var browser = factory.CreateBrowser();
        var services = factory.Services;
        var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        var mailbox = services.GetRequiredService<DevMailbox>();
        var received = new TaskCompletionSource<ReceivedMail>(TaskCreationOptions.RunContinuationsAsynchronously);
        mailbox.Received += mail => received.TrySetResult(mail);

        var captcha = await services.GetRequiredService<CaptchaService>().IssueAsync();
        var identified = await services.GetRequiredService<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(null, "54321", captcha.ChallengeId, TestHostSettings.CaptchaCode), Client);
        var subject = identified.Value!;
        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        var answers = await services.GetRequiredService<CheckAnswers>().ForIdentityAsync(subject, first, second, Client);
        await services.GetRequiredService<ConfirmEmail>().ExecuteAsync(answers.Value!, emailIsValid: true, Client);
        var mail = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("127.0.0.1", smtp.Host);
        Assert.Equal(SmtpSecurity.None, smtp.Security);
        Assert.NotEqual(0, smtp.Port);
        Assert.Equal("marie.tremblay@example.org", mail.To);
        var list = WebUtility.HtmlDecode(await browser.GetStringAsync("/dev/courriels"));
        Assert.Contains($"href=\"/dev/courriels/{mail.Id}\">{mail.Subject}</a>", list);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/dev/courriels/{mail.Id}"));
        Assert.Contains("<a href=\"https://recuperation.test/reinitialisation/", page);
    }
}
