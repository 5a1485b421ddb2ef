using CmqRecovery.Core.Mail.Resources;

namespace CmqRecovery.Core.Mail;

public sealed partial class RecoveryMails
{
    /// <summary>
    /// The figures a notice quotes, from the options that enforce them (one source per fact), and the way-back link
    /// (<see cref="NotifyMember.CarriesWayBack"/>) with its lifetime.
    /// </summary>
    public sealed record NoticeFigures(
        int CaptchaAfterFailures, int LockAfterFailures, TimeSpan FailureWindow, TimeSpan LockDuration,
        TimeSpan SuspensionDuration, Uri SignInUrl, Uri RecoveryUrl, Uri? WayBackUrl = null, TimeSpan WayBackLifetime = default);

    public string NoticeSubject(MemberNotice notice) => Bilingual(Names(notice).Subject);

    /// <summary>What happened, where to go (a link), and whom to call if it was not them.</summary>
    public MailContent Notice(MemberNotice notice, string displayName, NoticeFigures figures)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(figures);
        var names = Names(notice);
        // A notice that keeps the member out carries its way back, never a page that would refuse them today.
        var wayBack = NotifyMember.CarriesWayBack(notice);
        if (wayBack && figures.WayBackUrl is null)
        {
            throw new ArgumentException("This notice needs its way-back link.", nameof(figures));
        }

        return Mail(
            NoticeSubject(notice), displayName, wayBack ? figures.WayBackUrl! : figures.RecoveryUrl,
            t => [Happened(t, notice, names.Happened, figures), wayBack ? t.Format(names.Link, Duration(figures.WayBackLifetime)) : t[names.Link]],
            t => [t.Format(names.NotYou, SupportPhone)]);
    }

    private string Happened(Words t, MemberNotice notice, string name, NoticeFigures figures) => notice switch
    {
        MemberNotice.SignInCaptcha => t.Format(name, figures.CaptchaAfterFailures),
        MemberNotice.SignInLocked => t.Format(name, figures.LockAfterFailures, Duration(figures.FailureWindow), Duration(figures.LockDuration)),
        _ => t.Format(name, Duration(figures.SuspensionDuration)),
    };

    private static (string Subject, string Happened, string Link, string NotYou) Names(MemberNotice notice) => notice switch
    {
        MemberNotice.SignInCaptcha => (MailText.NoticeSignInCaptchaSubject, MailText.NoticeSignInCaptchaHappened,
            MailText.NoticeSignInCaptchaLink, MailText.NoticeSignInCaptchaNotYou),
        MemberNotice.SignInLocked => (MailText.NoticeSignInLockedSubject, MailText.NoticeSignInLockedHappened,
            MailText.NoticeSignInLockedLink, MailText.NoticeSignInLockedNotYou),
        MemberNotice.RecoverySuspended => (MailText.NoticeRecoverySuspendedSubject, MailText.NoticeRecoverySuspendedHappened,
            MailText.NoticeRecoverySuspendedLink, MailText.NoticeRecoverySuspendedNotYou),
        _ => throw new ArgumentOutOfRangeException(nameof(notice)),
    };
}
