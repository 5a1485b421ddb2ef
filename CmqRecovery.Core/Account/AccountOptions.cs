namespace CmqRecovery.Core.Account;

/// <summary>« Mon compte »'s settings (section <c>Account</c>).</summary>
public sealed class AccountOptions
{
    public const string Section = "Account";

    /// <summary>
    /// How long after signing in the member may replace their questions without typing the password again
    /// (default 5 minutes): past it, a left-open session is not enough to change how the account is recovered.
    /// </summary>
    public TimeSpan RecentPasswordWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back « Activité récente » reads the audit (default 30 days).</summary>
    public TimeSpan ActivityPeriod { get; set; } = TimeSpan.FromDays(30);
}
