namespace CmqRecovery.Core.Health;

public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Mail waiting longer than this (unsent, not abandoned) means the outbox is stuck: not ready.</summary>
    public TimeSpan MaxPendingMailAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the readiness probe waits for the database before calling it unreachable.</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
