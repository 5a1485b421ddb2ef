using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Core;

/// <summary>
/// What a use case answers, in one vocabulary for all of them. The first four are common to every step and handled
/// once by the web wizard's step base; the rest belong to the step that returns them.
/// </summary>
public enum Outcome
{
    Passed,

    /// <summary>Refused before anything was read or counted (the client's per-IP limit, or every KDF slot taken). See <see cref="UseCaseResult.Throttled"/>.</summary>
    Throttled,

    /// <summary>Too many failures for this subject: closed for a while, with the same words for members and strangers.</summary>
    Suspended,

    /// <summary>The mailed link is invalid, expired, used or superseded (only the audit says which).</summary>
    LinkNoLongerValid,

    /// <summary>Identify: neither an email nor a user code.</summary>
    NothingGiven,

    /// <summary>Identify: an email and a user code at once.</summary>
    BothGiven,

    MalformedEmail,
    MalformedUserCode,

    /// <summary>The captcha's answer was wrong, spent or expired.</summary>
    CaptchaFailed,

    /// <summary>Answers not both correct (never which one); also the member-wide ceiling's silent answer.</summary>
    WrongAnswers,

    /// <summary>Confirm email: « Non », the member is sent to the Collège's support.</summary>
    Disputed,

    /// <summary>A single-use proof (a confirmation, a captcha clip) was already spent.</summary>
    AlreadyUsed,

    /// <summary>Set password: the policy refused it; the result's value lists why.</summary>
    PasswordRefused,

    /// <summary>Sign-in: the email or the password is wrong.</summary>
    InvalidCredentials,

    /// <summary>Sign-in: past the captcha threshold for this email and no right captcha came with the attempt: nothing was checked.</summary>
    CaptchaRequired,

    /// <summary>Sign-in: locked for this email until a password reset or the lock's end.</summary>
    LockedOut,

    /// <summary>Members import: a line of the register is wrong (the result's value lists every error); nothing was written.</summary>
    InvalidRegister,

    /// <summary>Set security questions: the rules refused the answers; the result's value lists why, answer by answer.</summary>
    AnswersRefused,

    /// <summary>Mon compte: the action needs the current password (none typed and the sign-in is older than the recent window).</summary>
    PasswordNeeded,
    /// <summary>
    /// A right proof of work, smaller than the typed identifier now requires (<see cref="Captcha.WorkDifficulty"/>): spent,
    /// nothing else checked or counted; a larger one is needed. The same for members and unknown identifiers.
    /// </summary>
    HarderWorkRequired,

    /// <summary>Mon compte: the session acted from was ended (signed out, ended from another browser, password changed).</summary>
    SessionEnded,

    /// <summary>Staff console: no reason chosen from the list; nothing was read or written.</summary>
    ReasonRequired,

    /// <summary>Staff console: no member has exactly this user code or email (the lookup is audited).</summary>
    UnknownMember,

    /// <summary>Staff console: nothing holds the member back (no suspension, no sign-in lock or captcha in force); nothing was written or mailed.</summary>
    NothingToLift,

    /// <summary>Staff console: this mail cannot be resent (sent, pending, not the member's, or it carried a link; CmqRecovery.Core/Staff/README.md); nothing was written.</summary>
    MailNotResendable,

    /// <summary>Staff email change: the verification's note is empty or too long; nothing was written.</summary>
    NoteInvalid,

    /// <summary>Staff email change: the new address is not a valid email; nothing was written.</summary>
    NewEmailInvalid,

    /// <summary>Staff email change: the new address is already this member's or another member's.</summary>
    EmailTaken,

    /// <summary>Staff email change: only a supervisor approves or rejects.</summary>
    NotSupervisor,

    /// <summary>Staff email change: a supervisor cannot approve a proposal they made themselves (four eyes).</summary>
    OwnProposal,

    /// <summary>Staff email change: the proposal is past its lifetime (Staff:EmailChangeLifetime).</summary>
    ProposalExpired,

    /// <summary>Staff email change: no such proposal, or it was already approved or rejected.</summary>
    ProposalClosed,

    /// <summary>Staff email change: the member was deactivated (or removed) since the proposal.</summary>
    MemberGone,

    /// <summary>Audit search: the period ends before it starts.</summary>
    PeriodInvalid,

    /// <summary>Staff console: no open abandoned mail by that id (sent, still retried, or already closed or resent); nothing was written.</summary>
    MailNotClosable,

    /// <summary>Staff email change: the member already has a proposal waiting for a supervisor; nothing was written.</summary>
    ProposalPending,

    /// <summary>Staff invitation: the member already chose a password; nothing was written or mailed.</summary>
    MemberHasPassword,

    /// <summary>Staff invitation: Register:InvitationsPerHour invitations were created within the last hour; nothing was written or mailed.</summary>
    InvitationBudgetReached,

    /// <summary>Staff invitation: a members import or invite run holds the register's lock; try again later, nothing was written.</summary>
    RegisterBusy,
}

/// <summary>Every use case's answer: an <see cref="Outcome"/>, and how long to wait when it is <see cref="Outcome.Throttled"/>.</summary>
public record UseCaseResult(Outcome Outcome, Throttled? Throttled = null)
{
    public bool Passed => Outcome == Outcome.Passed;

    public static UseCaseResult Of(Outcome outcome) => new(outcome);
}

/// <summary>An answer that carries a value: the proof for the next step when it passed, or the step's own details.</summary>
public sealed record UseCaseResult<T>(Outcome Outcome, T? Value = default, Throttled? Throttled = null) : UseCaseResult(Outcome, Throttled)
{
    public static UseCaseResult<T> Pass(T value) => new(Outcome.Passed, value);

    public static UseCaseResult<T> Refuse(Outcome outcome, T? details = default) => new(outcome, details);

    public static UseCaseResult<T> Wait(Throttled throttled) => new(Outcome.Throttled, default, throttled);
}
