using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// How big the next proof of work is for a client. A member takes one or two per recovery; a script that goes
/// through the proof of work instead of the image takes one per attempt. So past <see cref="CaptchaOptions.WorkFreeChallenges"/>
/// in <see cref="CaptchaOptions.WorkWindow"/>, each new challenge for that client (IP, IPv6 prefix) searches twice the
/// numbers of the last, up to <see cref="CaptchaOptions.WorkMaxDoublings"/> doublings. The count is a row of the shared
/// AttemptCounters table (<see cref="CounterKeys.WorkChallenges"/>), so every node sees the same count. Members and unknown identifiers
/// are alike here: the identifier plays no part.
/// </summary>
public sealed class WorkDifficulty(AttemptLimiter attempts, SharedRateLimiters clients, IOptions<CaptchaOptions> options)
{
    /// <summary>Counts one more work challenge for <paramref name="client"/> and returns its search space.</summary>
    public async Task<int> NextMaxNumberAsync(ClientContext client, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var key = CounterKeys.WorkChallenges(clients.PartitionKey(client.IpAddress));
        // Never locks: the count only sizes the work. The window restarts once it has passed.
        var policy = new AttemptPolicy(int.MaxValue, settings.WorkWindow, TimeSpan.Zero);
        await attempts.ReserveAsync(key, policy, proven: true, cancellationToken);
        var taken = (await attempts.ReadAsync(key, policy, cancellationToken)).Failures;
        return settings.WorkMaxNumber << Doublings(taken, settings);
    }

    /// <summary>The doublings of the <paramref name="taken"/>-th challenge in the window (the first is 1).</summary>
    internal static int Doublings(int taken, CaptchaOptions settings) =>
        Math.Clamp(taken - settings.WorkFreeChallenges, 0, settings.WorkMaxDoublings);
}
