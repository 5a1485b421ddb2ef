using CmqRecovery.Core.Data;

namespace CmqRecovery.Core.Mail;

public static class MailKinds
{
    public const string ResetLink = "reset-link";
    public const string PasswordChanged = "password-changed";
}

// CONTRACT (to be implemented in Mail/): Enqueue adds an OutboxMessage (bodies protected) to the caller's
// context without saving, so it commits with the caller's change; Wake tells the sender to look now.
public class MailOutbox
{
    public virtual void Enqueue(RecoveryDbContext db, string kind, string to, MailContent content, Guid? memberId) =>
        throw new NotImplementedException();

    public virtual void Wake() => throw new NotImplementedException();
}
