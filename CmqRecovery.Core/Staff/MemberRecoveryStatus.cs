using CmqRecovery.Core.Audit;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// A member's recovery status as the console shows it: states and dates only. Never a hash, an answer, a token, a
/// link, a mail body or a mail address (the member's own email is on <see cref="FoundMember"/>, from the lookup).
/// </summary>
public sealed record MemberRecoveryStatus(
    FoundMember Member,
    IReadOnlyList<Suspension> Suspensions,
    SignInState SignIn,
    int QuestionCount,
    IReadOnlyList<RecoveryRequestRow> Requests,
    IReadOnlyList<MemberMailRow> Mails,
    IReadOnlyList<MemberAuditRow> Events);

/// <summary>A recovery suspension in force, and until when.</summary>
public sealed record Suspension(SuspensionSubject Subject, DateTimeOffset Until);

/// <summary>Sign-in failures of the member's email within the window, the captcha they require, the lock in force.</summary>
public sealed record SignInState(int Failures, bool CaptchaRequired, DateTimeOffset? LockedUntil);

public enum RecoveryRequestOutcome
{
    /// <summary>Still valid: neither used, replaced nor expired.</summary>
    Open,

    /// <summary>Used to set a password, or closed by a password set another way.</summary>
    Used,

    /// <summary>A newer request replaced it.</summary>
    Superseded,
    Expired,
}

/// <summary>A mailed reset link, by its dates and outcome (never its token or its id).</summary>
public sealed record RecoveryRequestRow(DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, RecoveryRequestOutcome Outcome);

public enum MailState
{
    /// <summary>Waiting for its first attempt.</summary>
    Pending,

    /// <summary>Tried and failed; the sender will try again.</summary>
    Failing,
    Sent,

    /// <summary>Given up for good (DeliverOutbox.Never): the sender will not try again.</summary>
    Abandoned,

    /// <summary>Abandoned, then dealt with by an agent (closed, or resent as a new mail): nothing is offered for it any more.</summary>
    Closed,
}

/// <summary>A mail to the member: its kind and delivery, never its body, address or link. <see cref="Id"/> names it for a resend.</summary>
public sealed record MemberMailRow(
    Guid Id, string Kind, MailState State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? NextAttemptAt);

/// <summary>An audit event of the member; who acted when it was staff.</summary>
public sealed record MemberAuditRow(DateTimeOffset At, AuditKind Kind, string? StaffId, string? StaffReason);
