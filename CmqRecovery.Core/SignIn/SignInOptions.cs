using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Core.SignIn;

/// <summary>
/// Sign-in failures per email (NIST SP 800-63B 5.2.2): a captcha from the fifth consecutive failure, a hard lock only
/// past a hundred in a day, so that a stranger who knows an email cannot keep its member out.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>From this many consecutive failures, the form also asks for the captcha.</summary>
    public int CaptchaAfterFailures { get; set; } = 5;

    /// <summary>The failure that reaches this count within <see cref="FailureWindow"/> locks the email.</summary>
    public int LockAfterFailures { get; set; } = 100;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A session's absolute end, counted from sign-in; activity does not extend it (ASVS 7.3.2).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    public AttemptPolicy Policy => new(LockAfterFailures, FailureWindow, LockDuration, CaptchaAfterFailures);
}
