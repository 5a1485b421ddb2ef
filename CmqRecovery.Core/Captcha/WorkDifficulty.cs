using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// How big a proof of work must be, per client and per typed identifier (docs/CAPTCHA.md has both curves).
/// <para>Per client: a member takes one or two per recovery; a script that goes through the proof of work instead of the
/// image takes one per attempt. So past <see cref="CaptchaOptions.WorkFreeChallenges"/> in <see cref="CaptchaOptions.WorkWindow"/>,
/// each new challenge for that client (IP, IPv6 prefix) searches twice the numbers of the last, up to
/// <see cref="CaptchaOptions.WorkMaxDoublings"/> doublings (<see cref="CounterKeys.WorkChallenges"/>).</para>
/// <para>Per identifier: a script that spreads over many addresses still aims at one email or user code. Each failure
/// that came through the proof of work for a typed identifier (a sign-in refused, an identification, which step 2 cannot
/// tell from a decoy's) counts; past <see cref="CaptchaOptions.WorkFreeFailuresPerIdentifier"/> in
/// <see cref="CaptchaOptions.WorkIdentifierWindow"/> the identifier requires twice the search space per failure, up to
/// <see cref="CaptchaOptions.WorkMaxIdentifierDoublings"/>. The key is the recovery's subject key of the typed identifier
/// (<see cref="CounterKeys.WorkIdentifier"/> of <see cref="CounterKeys.IdentifierAsync"/>), so a member's email and user code count apart, and a member's
/// identifier and an unknown one run the same queries and get the same sizes. Nothing gives a count back (a success
/// would tell a member from an unknown identifier); the window does.</para>
/// Both counts are rows of the shared AttemptCounters table, so every node sees them, and neither ever locks.
/// </summary>
public sealed class WorkDifficulty(AttemptLimiter attempts, SharedRateLimiters clients, ServerKeys keys, IOptions<CaptchaOptions> options)
{
    /// <summary>
    /// Counts one more work challenge for <paramref name="client"/> and returns its search space: the client's, or
    /// what <paramref name="subjectKey"/> (the identifier typed when the challenge was asked for) requires, if larger.
    /// </summary>
    public async Task<int> NextMaxNumberAsync(ClientContext client, string? subjectKey = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var key = CounterKeys.WorkChallenges(clients.PartitionKey(client.IpAddress));
        // Never locks: the count only sizes the work. The window restarts once it has passed.
        var policy = new AttemptPolicy(int.MaxValue, settings.WorkWindow, TimeSpan.Zero);
        await attempts.ReserveAsync(key, policy, proven: true, cancellationToken);
        var taken = (await attempts.ReadAsync(key, policy, cancellationToken)).Failures;
        var forClient = settings.WorkMaxNumber << Doublings(taken, settings);
        return subjectKey is null ? forClient : Math.Max(forClient, await RequiredAsync(subjectKey, cancellationToken));
    }

    /// <summary>The search space a proof must have had to count for this typed identifier now.</summary>
    public async Task<int> RequiredAsync(string subjectKey, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var failures = (await attempts.ReadAsync(CounterKeys.WorkIdentifier(subjectKey), IdentifierPolicy(settings), cancellationToken)).Failures;
        return settings.WorkMaxNumber << IdentifierDoublings(failures, settings);
    }

    /// <summary>One more failure through the proof of work for this typed identifier.</summary>
    public Task CountFailureAsync(string subjectKey, CancellationToken cancellationToken = default) =>
        attempts.ReserveAsync(CounterKeys.WorkIdentifier(subjectKey), IdentifierPolicy(options.Value), proven: true, cancellationToken);

    /// <summary>The subject key of a typed identifier (email or user code, as a person typed it); null when malformed.</summary>
    public async Task<string?> SubjectKeyAsync(string? email, string? userCode, CancellationToken cancellationToken = default) =>
        IdentifyMember.TypedIdentifier(email, userCode) is { } identifier ? await CounterKeys.IdentifierAsync(keys, identifier, cancellationToken) : null;

    /// <summary>The doublings of the <paramref name="taken"/>-th challenge in the window (the first is 1).</summary>
    internal static int Doublings(int taken, CaptchaOptions settings) =>
        Math.Clamp(taken - settings.WorkFreeChallenges, 0, settings.WorkMaxDoublings);

    /// <summary>The doublings an identifier requires after <paramref name="failures"/> failures in its window.</summary>
    internal static int IdentifierDoublings(int failures, CaptchaOptions settings) =>
        Math.Clamp(failures - settings.WorkFreeFailuresPerIdentifier + 1, 0, settings.WorkMaxIdentifierDoublings);

    private static AttemptPolicy IdentifierPolicy(CaptchaOptions settings) =>
        new(int.MaxValue, settings.WorkIdentifierWindow, TimeSpan.Zero);
}
