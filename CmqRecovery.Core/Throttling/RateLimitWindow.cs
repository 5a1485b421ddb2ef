namespace CmqRecovery.Core.Throttling;

/// <summary>
/// One client's fixed window for one action, in the database every node shares, so a per-IP budget holds across
/// nodes. Only <see cref="RateLimitWindowStore"/> writes it, one atomic upsert per acquisition; the retention pass
/// deletes it once its window has ended (a missing row and an ended window both start afresh).
/// </summary>
public sealed class RateLimitWindow
{
    /// <summary>The action and the client's partition key, e.g. <c>Identify:203.0.113.7</c> or <c>SignIn:2001:db8:1:2::/64</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Permits handed out in the current window; never above the limit.</summary>
    public int Acquired { get; set; }

    /// <summary>When the current window ends and the next acquisition opens a fresh one.</summary>
    public DateTimeOffset ResetsAt { get; set; }
}
