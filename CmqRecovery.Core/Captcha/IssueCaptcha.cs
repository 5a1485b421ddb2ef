using CmqRecovery.Core.Security;
using CmqRecovery.Core.Security.Throttling;

namespace CmqRecovery.Core.Captcha;

/// <summary>A new challenge, or why not: <see cref="Throttled"/> is set when the client passed its per-IP limit.</summary>
public sealed record CaptchaIssue(CaptchaImage? Image, Throttled? Throttled);

/// <summary>
/// Issues a captcha to a client within its per-IP limit (RateLimits:Captcha): drawing and storing challenges is
/// work a flood could otherwise buy for free. Any other form of the challenge is limited under the same action.
/// </summary>
public sealed class IssueCaptcha(CaptchaService captcha, ClientThrottle throttle)
{
    public async Task<CaptchaIssue> ExecuteAsync(ClientContext client, CancellationToken cancellationToken = default) =>
        throttle.TryAcquire(ClientAction.Captcha, client) is { } throttled
            ? new CaptchaIssue(null, throttled)
            : new CaptchaIssue(await captcha.IssueAsync(cancellationToken), null);
}
