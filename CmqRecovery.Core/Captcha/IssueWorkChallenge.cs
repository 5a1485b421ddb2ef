using CmqRecovery.Core.Security;
using CmqRecovery.Core.Security.Throttling;

namespace CmqRecovery.Core.Captcha;

/// <summary>A proof-of-work challenge, or why not: <see cref="Throttled"/> is set when the client passed its per-IP limit.</summary>
public sealed record WorkIssue(WorkChallenge? Challenge, Throttled? Throttled);

/// <summary>
/// Issues the proof of work offered instead of the image, under the same per-IP limit as images and audio
/// (RateLimits:Captcha): it is one more form of the same check and counts the same.
/// </summary>
public sealed class IssueWorkChallenge(CaptchaService captcha, ClientThrottle throttle)
{
    public async Task<WorkIssue> ExecuteAsync(ClientContext client, CancellationToken cancellationToken = default) =>
        throttle.TryAcquire(ClientAction.Captcha, client) is { } throttled
            ? new WorkIssue(null, throttled)
            : new WorkIssue(await captcha.IssueWorkAsync(cancellationToken), null);
}
