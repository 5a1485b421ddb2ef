namespace CmqRecovery.Core.Throttling;

/// <summary>
/// Failures counted against one key (a keyed hash of an email, an identifier, a member…), in the database so
/// limits hold across restarts and nodes. Only <see cref="AttemptLimiter"/> writes it, with conditional updates.
/// </summary>
public sealed class AttemptCounter
{
    public required string Key { get; set; }

    /// <summary>Failures since <see cref="WindowStart"/>; they stop counting once the window has passed.</summary>
    public int Failures { get; set; }

    /// <summary>The first failure of the current window; null before any.</summary>
    public DateTimeOffset? WindowStart { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
