namespace CmqRecovery.Core.Mail;

/// <summary>What a member is told by mail when someone else may be at their door; at most one of each a day.</summary>
public enum MemberNotice
{
    /// <summary>Answers to the questions failed too often (one identifier suspended, or the member-wide ceiling).</summary>
    RecoverySuspended,

    /// <summary>The sign-in form now asks for the captcha for the member's email.</summary>
    SignInCaptcha,

    /// <summary>Past the hard limit of sign-in failures: sign-in is locked.</summary>
    SignInLocked,
}
