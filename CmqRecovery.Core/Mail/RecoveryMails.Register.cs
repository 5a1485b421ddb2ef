using CmqRecovery.Core.Mail.Resources;

namespace CmqRecovery.Core.Mail;

/// <summary>The register's mails: an email changed by the import, and the invitation to set a first password.</summary>
public sealed partial class RecoveryMails
{
    public string EmailChangedSubject => Bilingual(MailText.RegisterEmailChangedSubject);

    public string InvitationSubject => Bilingual(MailText.RegisterInvitationSubject);

    /// <summary>
    /// Sent to the old and the new address alike: both masked, so neither mailbox learns the other address whole.
    /// </summary>
    public MailContent EmailChanged(string displayName, string oldEmail, string newEmail, Uri signInUrl)
    {
        ArgumentNullException.ThrowIfNull(signInUrl);
        var from = Members.EmailAddress.Mask(oldEmail);
        var to = Members.EmailAddress.Mask(newEmail);
        return Mail(
            EmailChangedSubject, displayName, signInUrl,
            t => [t.Format(MailText.RegisterEmailChangedWhat, from, to)],
            t => [t.Format(MailText.RegisterEmailChangedNotYou, SupportPhone)]);
    }

    /// <summary>The invitation: its single-use link leads to the activation (questions, then the password).</summary>
    public MailContent Invitation(string displayName, Uri link, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(link);
        return Mail(
            InvitationSubject, displayName, link,
            t => [t[MailText.RegisterInvitationWhat]],
            t => [t.Format(MailText.RegisterInvitationValidity, Days(t, lifetime)), t.Format(MailText.RegisterInvitationIgnore, SupportPhone)]);
    }

    /// <summary>Whole days as days (« 7 jours », not « 168 heures »); anything else as the reset link says it.</summary>
    private string Days(Words t, TimeSpan lifetime) =>
        lifetime >= TimeSpan.FromDays(2) && lifetime.TotalDays == Math.Floor(lifetime.TotalDays)
            ? t.Format(MailText.RegisterDurationDays, (int)lifetime.TotalDays)
            : Duration(lifetime);
}
