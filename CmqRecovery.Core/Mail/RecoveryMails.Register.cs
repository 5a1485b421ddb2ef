using CmqRecovery.Core.Mail.Resources;

namespace CmqRecovery.Core.Mail;

/// <summary>The register's mails: an email changed by the import, and the invitation to set a first password.</summary>
public sealed partial class RecoveryMails
{
    public string EmailChangedSubject =>
        In(French, t => t[MailText.RegisterEmailChangedSubject]) + " / " + In(English, t => t[MailText.RegisterEmailChangedSubject]);

    public string InvitationSubject =>
        In(French, t => t[MailText.RegisterInvitationSubject]) + " / " + In(English, t => t[MailText.RegisterInvitationSubject]);

    /// <summary>
    /// Sent to the old and the new address alike: both masked, so neither mailbox learns the other address whole.
    /// </summary>
    public MailContent EmailChanged(string displayName, string oldEmail, string newEmail, Uri signInUrl)
    {
        ArgumentNullException.ThrowIfNull(signInUrl);
        var url = signInUrl.AbsoluteUri;
        var from = Members.EmailAddress.Mask(oldEmail);
        var to = Members.EmailAddress.Mask(newEmail);
        Section Build(Words t) => new(
            t.Lang,
            t.Format(MailText.Greeting, displayName),
            [t.Format(MailText.RegisterEmailChangedWhat, from, to)],
            url,
            [t.Format(MailText.RegisterEmailChangedNotYou, SupportPhone)],
            t[MailText.Thanks],
            Signature(t));

        return Compose(EmailChangedSubject, In(French, Build), In(English, Build));
    }

    /// <summary>The invitation: its single-use link leads to the activation (questions, then the password).</summary>
    public MailContent Invitation(string displayName, Uri link, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(link);
        var url = link.AbsoluteUri;
        Section Build(Words t) => new(
            t.Lang,
            t.Format(MailText.Greeting, displayName),
            [t[MailText.RegisterInvitationWhat]],
            url,
            [t.Format(MailText.RegisterInvitationValidity, Days(t, lifetime)), t.Format(MailText.RegisterInvitationIgnore, SupportPhone)],
            t[MailText.Thanks],
            Signature(t));

        return Compose(InvitationSubject, In(French, Build), In(English, Build));
    }

    /// <summary>Whole days as days (« 7 jours », not « 168 heures »); anything else as the reset link says it.</summary>
    private string Days(Words t, TimeSpan lifetime) =>
        lifetime >= TimeSpan.FromDays(2) && lifetime.TotalDays == Math.Floor(lifetime.TotalDays)
            ? t.Format(MailText.RegisterDurationDays, (int)lifetime.TotalDays)
            : Duration(lifetime);
}
