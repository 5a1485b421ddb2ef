using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Core.Staff;

/// <summary>What a recovery suspension is counted under: each identifier the member can type, and their mailed link (step 7).</summary>
public enum SuspensionSubject
{
    Email,
    UserCode,
    Link,

    /// <summary>The silent daily ceiling across the member's identifiers (Recovery:MemberFailuresPerDay).</summary>
    DailyCeiling,
}

/// <summary>
/// The counter keys that hold a member back, computed as <see cref="CommitNewPassword"/> computes the ones it clears
/// (the same <see cref="CounterKeys"/> from the member's normalized email and user code), plus the step-7 link
/// suspension, which a new password does not need to clear (it consumes the link) but the console must show and lift.
/// </summary>
internal sealed record MemberCounters(IReadOnlyDictionary<SuspensionSubject, string> Suspensions, string SignIn)
{
    public static async Task<MemberCounters> ForAsync(ServerKeys keys, Member member, CancellationToken cancellationToken)
    {
        var byEmail = await CounterKeys.IdentifierAsync(keys, IdentifyMember.EmailIdentifier(member.NormalizedEmail), cancellationToken);
        var byCode = await CounterKeys.IdentifierAsync(keys, IdentifyMember.CodeIdentifier(member.UserCode), cancellationToken);
        return new MemberCounters(
            new Dictionary<SuspensionSubject, string>
            {
                [SuspensionSubject.Email] = CounterKeys.Suspension(byEmail),
                [SuspensionSubject.UserCode] = CounterKeys.Suspension(byCode),
                [SuspensionSubject.Link] = CounterKeys.Suspension(CounterKeys.Link(member.Id)),
                [SuspensionSubject.DailyCeiling] = CounterKeys.Ceiling(member.Id),
            },
            await CounterKeys.SignInAsync(keys, member.NormalizedEmail, cancellationToken));
    }

    public IEnumerable<string> All => Suspensions.Values.Append(SignIn);
}
