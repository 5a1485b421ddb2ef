namespace CmqRecovery.Core.SignIn;

/// <summary>
/// Consecutive sign-in failures, keyed by a keyed hash of the normalised email whether or not a member has it,
/// so that a lockout never tells that an email exists.
/// </summary>
public sealed class SignInThrottle
{
    public required string Key { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
