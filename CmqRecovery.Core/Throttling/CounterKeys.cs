using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Security;

namespace CmqRecovery.Core.Throttling;

/// <summary>
/// Every key of the shared counting tables, and of the subjects they count: <c>AttemptCounters</c>,
/// <c>ChallengeStates</c> and <c>RateLimitWindows</c>. One owner for the prefixes, so no two counts can share a key by
/// accident, and <see cref="Members.CommitNewPassword"/> clears exactly the keys the use cases count under.
/// </summary>
public static class CounterKeys
{
    internal const string IdentifierPrefix = "i:";
    internal const string LinkPrefix = "l:";
    internal const string SuspensionPrefix = "a:";
    internal const string CeilingPrefix = "w:";
    internal const string SignInPrefix = "s:";
    internal const string NoticeClaimPrefix = "n:";
    internal const string WorkChallengesPrefix = "pow:";
    internal const string WorkIdentifierPrefix = "pow-id:";

    /// <summary>
    /// Procedure step 3's subject: the keyed hash of the typed identifier (<c>email:…</c> or <c>code:…</c>), for a
    /// member and an unknown identifier alike.
    /// </summary>
    internal static async Task<string> IdentifierAsync(ServerKeys keys, string normalizedIdentifier, CancellationToken cancellationToken) =>
        IdentifierPrefix + await keys.HashAsync(ServerKeys.Identifier, normalizedIdentifier, cancellationToken);

    /// <summary>Procedure step 7's subject: the member who holds a valid link.</summary>
    internal static string Link(Guid memberId) => $"{LinkPrefix}{memberId:N}";

    /// <summary>The visible suspension's counter of a subject (<see cref="IdentifierAsync"/> or <see cref="Link"/>).</summary>
    internal static string Suspension(string subjectKey) => SuspensionPrefix + subjectKey;

    /// <summary>The silent daily ceiling of a member, across their typed identifiers.</summary>
    internal static string Ceiling(Guid memberId) => CeilingPrefix + memberId.ToString("N");

    /// <summary>An unknown identifier's own ceiling, so that both paths count the same way.</summary>
    internal static string Ceiling(string subjectKey) => CeilingPrefix + subjectKey;

    /// <summary>The sign-in failure counter of an email, known or not.</summary>
    internal static async Task<string> SignInAsync(ServerKeys keys, string normalizedEmail, CancellationToken cancellationToken) =>
        SignInPrefix + await keys.HashAsync(ServerKeys.SignIn, normalizedEmail, cancellationToken);

    /// <summary>The once-a-day claim of one notice kind for one member.</summary>
    internal static string NoticeClaim(MemberNotice notice, Guid memberId) => $"{NoticeClaimPrefix}{notice}:{memberId:N}";

    /// <summary>The proof-of-work challenges a client (a <see cref="SharedRateLimiters.PartitionKey(string?)"/>) took.</summary>
    internal static string WorkChallenges(string client) => WorkChallengesPrefix + client;

    /// <summary>The proof-of-work failures of a typed identifier (its <see cref="IdentifierAsync"/> subject key).</summary>
    internal static string WorkIdentifier(string subjectKey) => WorkIdentifierPrefix + subjectKey;

    /// <summary>The shared per-client window of one action (a row of <c>RateLimitWindows</c>).</summary>
    internal static string RateWindow(ClientAction action, string client) => $"{action}:{client}";
}
