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

    /// <summary>The member set or replaced their security questions (never which, never an answer).</summary>
    QuestionsChanged,

    /// <summary>The answers broke a rule (AnswerRules); nothing was stored.</summary>
    QuestionsRefused,

    /// <summary>A wrong current password on « Mon compte »; counted with the sign-in failures of the member's email.</summary>
    CurrentPasswordFailed,

    /// <summary>The member ended one of their sign-in sessions, or all the others.</summary>
    SessionsEnded,

    /// <summary>Staff console: an agent looked a member up (found or not), with the staff identity and the reason.</summary>
    StaffMemberLookedUp,

    /// <summary>OpenID Connect: a client got a code for the member (the client id is in the log); a rotated refresh token was presented again (its family revoked); the member signed out through a client.</summary>
    OidcAuthorizationGranted,
    OidcRefreshReused,
    OidcSignedOut,

    /// <summary>Staff console: an agent viewed a member's recovery status; lifted a recovery suspension or a sign-in lock; re-queued a mail (CmqRecovery.Core/Staff/README.md).</summary>
    StaffStatusViewed,
    StaffSuspensionLifted,
    StaffSignInLockLifted,
    StaffMailResent,

    /// <summary>Staff console: an email change proposed (the verification in StaffReason), approved (the email changed), or rejected.</summary>
    StaffEmailChangeProposed,
    StaffEmailChangeApproved,
    StaffEmailChangeRejected,

    /// <summary>Staff console: an agent marked a « Non » answer (EmailDisputed) handled, with a note kept beside the audit.</summary>
    StaffDisputeHandled,

    /// <summary>Staff console: a supervisor exported the audit search's rows as CSV.</summary>
    StaffAuditExported,

    /// <summary>Staff console: an agent closed an abandoned mail (dealt with otherwise; the console no longer offers it).</summary>
    StaffMailClosed,

    /// <summary>Staff console: an agent sent one member a new invitation (CmqRecovery.Core/Staff/InviteMember.cs).</summary>
    StaffInvitationSent,

    /// <summary>Staff console: an agent signed in (StaffReason says how: the Collège's provider or the development stand-in) or signed out.</summary>
    StaffSignedIn,
    StaffSignedOut,
}
