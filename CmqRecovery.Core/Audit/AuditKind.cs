namespace CmqRecovery.Core.Audit;

/// <summary>Step outcomes. Never paired with a password, an answer, a token or a captcha code.</summary>
public enum AuditKind
{
    Identified,
    CaptchaFailed,
    AnswersFailed,
    AnswersPassed,
    EmailConfirmed,
    EmailDisputed,
    MailQueued,
    MailCapped,
    MailSent,
    MailFailed,
    LinkOpened,
    LinkInvalid,
    LinkExpired,
    LinkReused,
    LinkSuperseded,
    PasswordRefused,
    PasswordChanged,
    Suspended,
    SignInSucceeded,
    SignInFailed,
    SignInLockedOut,
    SignInCaptchaRequired,
    MemberCeilingReached,

    /// <summary>A mail given up for good (refused by the relay with 5xx, out of attempts, or impossible to compose).</summary>
    MailAbandoned,

    /// <summary>The register: a member added, changed (name, email, reactivated) or deactivated by members import.</summary>
    MemberAdded,
    MemberChanged,
    MemberDeactivated,

    /// <summary>Invitations: queued by members invite; opened; refused (why, for a holder of the right token); used to activate.</summary>
    InvitationQueued,
    InvitationOpened,
    InvitationRefused,
    MemberActivated,
}
