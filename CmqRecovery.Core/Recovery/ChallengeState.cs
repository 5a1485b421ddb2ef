namespace CmqRecovery.Core.Recovery;

/// <summary>
/// Attempt record of one recovery subject, in the database so limits hold across restarts and nodes.
/// The key is <c>m:{memberId}</c> for a member and <c>u:{keyed hash of the identifier}</c> for an unknown one.
/// </summary>
public sealed class ChallengeState
{
    public required string SubjectKey { get; set; }

    /// <summary>The pair drawn for this subject; kept until answered correctly so nobody can cycle questions.</summary>
    public int? DrawnFirstQuestionId { get; set; }
    public int? DrawnSecondQuestionId { get; set; }

    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? SuspendedUntil { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsSuspended(DateTimeOffset now) => SuspendedUntil is { } until && until > now;
}
