using CmqRecovery.Core.Security;
using CmqRecovery.Core.Security.Throttling;

namespace CmqRecovery.Core.Captcha;

/// <summary>The spoken challenge, or why not: throttled, or null <see cref="Wav"/> when the challenge is spent or expired.</summary>
public sealed record CaptchaListening(byte[]? Wav, Throttled? Throttled);

/// <summary>
/// The audio form of the image the client holds. Mixing a clip is work like drawing an image, so it counts under
/// the same per-IP limit (RateLimits:Captcha) as a new image.
/// </summary>
public sealed class ListenToCaptcha(CaptchaService captcha, ClientThrottle throttle)
{
    public async Task<CaptchaListening> ExecuteAsync(
        CaptchaAudioTicket ticket, ClientContext client, CancellationToken cancellationToken = default) =>
        throttle.TryAcquire(ClientAction.Captcha, client) is { } throttled
            ? new CaptchaListening(null, throttled)
            : new CaptchaListening(await captcha.ListenAsync(ticket, client.IsEnglish ? "en" : "fr", cancellationToken), null);
}
