namespace CmqRecovery.Core.Throttling;

/// <summary>
/// How one kind of attempt is limited: the failure that reaches <see cref="LockAfter"/> within <see cref="Window"/>
/// locks the key for <see cref="LockDuration"/>. From <see cref="ProofAfter"/> failures on, an attempt is counted
/// only when the caller brings an extra proof (the sign-in captcha).
/// </summary>
public sealed record AttemptPolicy(int LockAfter, TimeSpan Window, TimeSpan LockDuration, int ProofAfter = int.MaxValue);

public enum AttemptGrant
{
    /// <summary>Counted as a failure in advance, below the limit: go on and check.</summary>
    Counted,

    /// <summary>Counted, and this attempt reached the limit: the lock is already set. Exactly one attempt gets this.</summary>
    CountedAndLocked,

    /// <summary>Refused without counting: the key is locked.</summary>
    Locked,

    /// <summary>Refused without counting: past <see cref="AttemptPolicy.ProofAfter"/> and no proof was brought.</summary>
    ProofRequired,
}

/// <summary>A counter as read, for display decisions (never for the limit itself, which the updates enforce).</summary>
public sealed record AttemptStatus(int Failures, bool Locked);
