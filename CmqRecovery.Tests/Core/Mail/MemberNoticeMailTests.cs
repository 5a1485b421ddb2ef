using System.Net;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Mail;

/// <summary>The three notices: bilingual (French first), every figure taken from the options they are given.</summary>
public sealed class MemberNoticeMailTests
{
    private static readonly RecoveryMails Mails = MailTestKit.NewMails(
        services => services.Configure<RecoveryOptions>(options => options.SupportPhone = "418 555-0199"));

    // Figures unlike the defaults, so a literal in the wording would show.
    private static readonly RecoveryMails.NoticeFigures Figures = new(
        CaptchaAfterFailures: 7, LockAfterFailures: 90, FailureWindow: TimeSpan.FromHours(12), LockDuration: TimeSpan.FromHours(3),
        SuspensionDuration: TimeSpan.FromHours(6),
        SignInUrl: new Uri("https://recuperation.test/connexion"), RecoveryUrl: new Uri("https://recuperation.test/recuperation"),
        WayBackUrl: new Uri("https://recuperation.test/reinitialisation/0123/abcd"), WayBackLifetime: TimeSpan.FromHours(19));

    [Theory]
    [InlineData(MemberNotice.SignInCaptcha, "7 tentatives de connexion infructueuses", "7 failed sign-in attempts", "/recuperation")]
    [InlineData(MemberNotice.SignInLocked, "90 tentatives de connexion infructueuses à votre compte de la messagerie sécurisée du Collège des médecins du Québec en moins de 12 heures", "in less than 12 hours", "/reinitialisation/0123/abcd")]
    [InlineData(MemberNotice.SignInLocked, "bloquée pendant 3 heures", "locked for 3 hours", "/reinitialisation/0123/abcd")]
    [InlineData(MemberNotice.SignInLocked, "une seule fois, pendant 19 heures", "once, for 19 hours", "/reinitialisation/0123/abcd")]
    [InlineData(MemberNotice.RecoverySuspended, "suspendue pendant 6 heures", "suspended for 6 hours", "/reinitialisation/0123/abcd")]
    [InlineData(MemberNotice.RecoverySuspended, "une seule fois, pendant 19 heures", "once, for 19 hours", "/reinitialisation/0123/abcd")]
    public void Notice_Kind_StatesItsFiguresLinkAndSupportInBothLanguagesFrenchFirst(MemberNotice notice, string french, string english, string path)
    {
        var mail = Mails.Notice(notice, "Dre Marie Tremblay", Figures);

        foreach (var body in new[] { mail.TextBody, WebUtility.HtmlDecode(mail.HtmlBody) })
        {
            Assert.Contains(french, body);
            Assert.Contains(english, body);
            Assert.True(body.IndexOf(french, StringComparison.Ordinal) < body.IndexOf(english, StringComparison.Ordinal), "French comes first");
            Assert.Contains("https://recuperation.test" + path, body);
            Assert.Contains("418 555-0199", body);
            Assert.Contains("Bonjour Dre Marie Tremblay,", body);
        }

        Assert.Contains(" / ", mail.Subject);
    }

    [Theory]
    [InlineData(MemberNotice.SignInLocked)]
    [InlineData(MemberNotice.RecoverySuspended)]
    public void Notice_KeepsTheMemberOutWithoutWayBack_Throws(MemberNotice notice)
    {
        var withoutLink = Figures with { WayBackUrl = null };

        Assert.Throws<ArgumentException>(() => Mails.Notice(notice, "Dre Marie Tremblay", withoutLink));
    }

    [Fact]
    public void NoticeSubject_EachKind_IsItsOwnBilingualSubject()
    {
        var subjects = Enum.GetValues<MemberNotice>().Select(Mails.NoticeSubject).ToList();

        Assert.Equal(subjects.Count, subjects.Distinct().Count());
        Assert.Contains("Récupération du mot de passe suspendue / Password recovery suspended", subjects);
    }
}
