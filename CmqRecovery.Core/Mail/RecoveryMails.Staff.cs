using CmqRecovery.Core.Mail.Resources;

namespace CmqRecovery.Core.Mail;

public sealed partial class RecoveryMails
{
    public string SuspensionLiftedSubject => Bilingual(MailText.StaffSuspensionLiftedSubject);

    public string SignInUnlockedSubject => Bilingual(MailText.StaffSignInUnlockedSubject);

    /// <summary>The staff console lifted the member's recovery suspension: when, where to start again, whom to call if they did not ask.</summary>
    public MailContent SuspensionLifted(string displayName, DateTimeOffset liftedAt, Uri recoveryUrl)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(recoveryUrl);
        return Mail(
            SuspensionLiftedSubject, displayName, recoveryUrl,
            t => [t.Format(MailText.StaffSuspensionLiftedOn, LocalTime(t, liftedAt)), t[MailText.StaffSuspensionLiftedLink]],
            t => [t.Format(MailText.StaffActionNotYou, SupportPhone)]);
    }

    /// <summary>The staff console lifted the member's sign-in lock (and its captcha): when, where to sign in, whom to call if they did not ask.</summary>
    public MailContent SignInUnlocked(string displayName, DateTimeOffset liftedAt, Uri signInUrl)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(signInUrl);
        return Mail(
            SignInUnlockedSubject, displayName, signInUrl,
            t => [t.Format(MailText.StaffSignInUnlockedOn, LocalTime(t, liftedAt)), t[MailText.StaffSignInUnlockedLink]],
            t => [t.Format(MailText.StaffActionNotYou, SupportPhone)]);
    }
}
