using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Core.Recovery;

/// <summary>
/// The pair of questions drawn for one recovery subject, kept until answered correctly so nobody can cycle to the
/// easiest question. The key is <see cref="CounterKeys.IdentifierAsync"/> at procedure step 3, for a member and an unknown
/// identifier alike (a member's email and code are two subjects), and <see cref="CounterKeys.Link"/> after the mailed link.
/// Failures are counted by <see cref="AttemptLimiter"/>, not here.
/// </summary>
public sealed class ChallengeState
{
    public required string SubjectKey { get; set; }

    public int? DrawnFirstQuestionId { get; set; }
    public int? DrawnSecondQuestionId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
