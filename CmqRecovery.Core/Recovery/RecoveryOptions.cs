namespace CmqRecovery.Core.Recovery;

public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    /// <summary>The mailed link's path; the link is {ResetPath}/{id}/{token}, and once opened the page shows only this.</summary>
    public const string ResetPath = "/reinitialisation";

    /// <summary>Base of every mailed link; never taken from a request's Host header.</summary>
    public string? PublicBaseUrl { get; set; }

    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);
    public int MailsPerMemberPerHour { get; set; } = 3;
    public int FailuresBeforeSuspension { get; set; } = 5;
    public TimeSpan SuspensionDuration { get; set; } = TimeSpan.FromHours(24);
    public string SupportPhone { get; set; } = "514 933-4325";

    public Uri LinkFor(string requestId, string token) => new($"{BaseUrl}{ResetPath}/{requestId}/{token}");

    public Uri SignInUrl => new($"{BaseUrl}/connexion");

    private string BaseUrl => (PublicBaseUrl ?? throw new InvalidOperationException("Recovery:PublicBaseUrl is not set.")).TrimEnd('/');
}
