using System.Text;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Mail;

/// <summary>
/// Every mail the app sends, subject, text and HTML, byte for byte against <c>RecoveryMails.golden.txt</c>: a change to
/// how mails are built must not change a mail unnoticed. A deliberate change of wording rewrites the file: run this
/// test with <c>CMQ_WRITE_GOLDEN_MAILS=1</c> once, then read the diff before committing it.
/// </summary>
public sealed class RecoveryMailsGoldenTests
{
    private const string GoldenPath = "CmqRecovery.Tests/Core/Mail/RecoveryMails.golden.txt";
    private static readonly Uri Link = new("https://recuperation.test/reinitialisation/0123456789abcdef/AbCd<&>\"Ef");
    private static readonly Uri SignIn = new("https://recuperation.test/connexion");
    private static readonly DateTimeOffset Winter = new(2026, 11, 28, 14, 0, 0, TimeSpan.Zero);
    private const string Name = "Dre Marie <Tremblay> & « fils »";

    private static readonly RecoveryMails.NoticeFigures Figures = new(
        CaptchaAfterFailures: 7, LockAfterFailures: 90, FailureWindow: TimeSpan.FromHours(12), LockDuration: TimeSpan.FromHours(3),
        SuspensionDuration: TimeSpan.FromHours(6), SignInUrl: SignIn, RecoveryUrl: new Uri("https://recuperation.test/recuperation"),
        WayBackUrl: new Uri("https://recuperation.test/reinitialisation/0123/abcd"), WayBackLifetime: TimeSpan.FromHours(19));

    [Fact]
    public void EveryMail_Rendered_IsByteIdenticalToTheGoldenFile()
    {
        var mails = MailTestKit.NewMails();
        var rendered = new StringBuilder();
        void Add(string kind, MailContent mail) => rendered
            .Append("=== ").Append(kind).Append('\n')
            .Append("Subject: ").Append(mail.Subject).Append('\n')
            .Append("--- text\n").Append(mail.TextBody)
            .Append("--- html\n").Append(mail.HtmlBody);

        Add("ResetLink", mails.ResetLink(Name, Link, TimeSpan.FromMinutes(30)));
        Add("PasswordChanged", mails.PasswordChanged(Name, Winter, SignIn));
        Add("QuestionsChanged", mails.QuestionsChanged(Name, Winter, SignIn));
        foreach (var notice in Enum.GetValues<MemberNotice>())
        {
            Add("Notice " + notice, mails.Notice(notice, Name, Figures));
        }

        Add("EmailChanged", mails.EmailChanged(Name, "marie.tremblay@example.org", "m.tremblay@example.com", SignIn));
        Add("Invitation", mails.Invitation(Name, Link, TimeSpan.FromDays(7)));
        Add("Invitation 36 h", mails.Invitation(Name, Link, TimeSpan.FromHours(36)));

        var path = Repository.PathOf(GoldenPath);
        if (Environment.GetEnvironmentVariable("CMQ_WRITE_GOLDEN_MAILS") == "1")
        {
            File.WriteAllText(path, rendered.ToString(), new UTF8Encoding(false));
        }

        Assert.Equal(File.ReadAllText(path, Encoding.UTF8), rendered.ToString());
    }
}
