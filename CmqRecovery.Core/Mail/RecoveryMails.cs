namespace CmqRecovery.Core.Mail;

// CONTRACT (to be implemented in Mail/): French first, English below; text and HTML parts.
public static class RecoveryMails
{
    /// <summary>Subject « Réinitialisation du mot de passe »; wording after the seed's.</summary>
    public static MailContent ResetLink(string displayName, Uri link, TimeSpan lifetime) =>
        throw new NotImplementedException();

    /// <summary>Notice that the password changed, never containing it.</summary>
    public static MailContent PasswordChanged(string displayName, DateTimeOffset changedAt, Uri signInUrl) =>
        throw new NotImplementedException();
}
