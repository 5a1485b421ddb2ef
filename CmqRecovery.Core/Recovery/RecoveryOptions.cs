using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Core.Recovery;

public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    /// <summary>Base of every mailed link (<see cref="IRecoveryLinks"/>); never taken from a request's Host header.</summary>
    public string? PublicBaseUrl { get; set; }

    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The way-back link a suspension or lock notice carries (procedure step 7 onwards, like a reset link). Longer than a
    /// reset link's: the member reads the notice hours later, and it must still work then, while the suspension it
    /// answers (24 h) lasts.
    /// </summary>
    public TimeSpan NoticeLinkLifetime { get; set; } = TimeSpan.FromHours(24);
    public int MailsPerMemberPerHour { get; set; } = 3;

    /// <summary>Per typed identifier at procedure step 3, and per link at procedure step 7: this many failures suspend, visibly.</summary>
    public int FailuresBeforeSuspension { get; set; } = 5;
    public TimeSpan SuspensionDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A failure older than this no longer counts.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Per member, across all their identifiers at procedure step 3, enforced silently (the wrong-answer text, a mail to the
    /// member): nobody can tell that an email and a code belong to the same member from how they are suspended.
    /// </summary>
    public int MemberFailuresPerDay { get; set; } = 10;

    /// <summary>At most one notice mail of each kind per member in this interval.</summary>
    public TimeSpan NoticeInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The one support number every page and mail quotes.</summary>
    public string SupportPhone { get; set; } = "514 933-4325";

    internal AttemptPolicy SuspensionPolicy => new(FailuresBeforeSuspension, FailureWindow, SuspensionDuration);

    internal AttemptPolicy MemberCeilingPolicy => new(MemberFailuresPerDay, TimeSpan.FromHours(24), TimeSpan.FromHours(24));
}
