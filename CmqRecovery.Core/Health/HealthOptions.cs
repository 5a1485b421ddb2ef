namespace CmqRecovery.Core.Health;

public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How long the readiness probe waits for the database before calling it unreachable.</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
