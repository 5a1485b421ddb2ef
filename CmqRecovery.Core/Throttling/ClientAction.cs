namespace CmqRecovery.Core.Throttling;

/// <summary>What a client may do only so often; each has its own per-IP limit in <see cref="RateLimitsOptions"/>.</summary>
public enum ClientAction
{
    SignIn,
    Captcha,
    Identify,
    AnswerCheck,
    LinkOpen,

    /// <summary>« Mon compte »'s actions: changing the password, replacing the questions, ending sessions.</summary>
    Account,
}

public enum ThrottleReason
{
    /// <summary>This client passed its per-IP limit for the action.</summary>
    TooManyAttempts,

    /// <summary>The server's KDF slots and their queue are full.</summary>
    Busy,
}

/// <summary>Why an action was refused before any work, and when to try again.</summary>
public sealed record Throttled(ThrottleReason Reason, TimeSpan RetryAfter)
{
    /// <summary>Whole minutes to tell the client, at least one.</summary>
    public int RetryAfterMinutes => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalMinutes));

    /// <summary>Whole seconds for an HTTP Retry-After header, at least one.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>A busy server is worth retrying within seconds.</summary>
    public static Throttled Busy { get; } = new(ThrottleReason.Busy, TimeSpan.FromSeconds(5));
}
