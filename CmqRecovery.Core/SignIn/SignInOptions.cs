namespace CmqRecovery.Core.SignIn;

public sealed class SignInOptions
{
    public const string Section = "SignIn";

    public int FailuresBeforeLockout { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
