using CmqRecovery.Core.Data;

namespace CmqRecovery.Core.Mail;

public static class MailKinds
{
    public const string ResetLink = "reset-link";
    public const string PasswordChanged = "password-changed";
    public const string EmailChanged = "email-changed";
    public const string Invitation = "invitation";
    public const string QuestionsChanged = "questions-changed";

    /// <summary>Staff console: an agent lifted the member's recovery suspension, or their sign-in lock.</summary>
    public const string SuspensionLifted = "staff-suspension-lifted";
    public const string SignInUnlocked = "staff-sign-in-unlocked";

    public static string Notice(MemberNotice notice) => notice switch
    {
        MemberNotice.RecoverySuspended => "notice-recovery-suspended",
        MemberNotice.SignInCaptcha => "notice-sign-in-captcha",
        _ => "notice-sign-in-locked",
    };
}

/// <summary>
/// Queues mail in the caller's unit of work: <see cref="Enqueue"/> only adds the row, so the message commits
/// (or rolls back) with the change that causes it. Bodies are stored protected; <see cref="DeliverOutbox"/> sends them.
/// </summary>
public sealed class MailOutbox
{
    private readonly OutboxProtector _protector;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;

    public MailOutbox(OutboxProtector protector, OutboxSignal signal, TimeProvider time)
    {
        _protector = protector;
        _signal = signal;
        _time = time;
    }

    /// <summary>Adds the message to <paramref name="db"/> without saving it.</summary>
    public void Enqueue(RecoveryDbContext db, string kind, string to, MailContent content, Guid? memberId)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.OutboxMessages.Add(Prepare(kind, to, content, memberId));
    }

    /// <summary>
    /// The message with its bodies protected, not yet added anywhere: for a unit of work that may run again
    /// (a retried transaction adds the same message on each attempt, protecting it only once).
    /// </summary>
    public OutboxMessage Prepare(string kind, string to, MailContent content, Guid? memberId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentNullException.ThrowIfNull(content);
        var now = _time.GetUtcNow();

        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            MemberId = memberId,
            To = to,
            Subject = content.Subject,
            ProtectedTextBody = _protector.Protect(content.TextBody),
            ProtectedHtmlBody = _protector.Protect(content.HtmlBody),
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>Call after the caller's commit: the sender looks for due mail now rather than at its next poll.</summary>
    public void Wake() => _signal.Notify();
}
