using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Every form of the captcha a client may ask for: the image, the proof of work offered instead (WCAG 3.3.8), and the
/// image's digits spoken (WCAG 1.1.1). Drawing, storing or mixing a challenge is work a flood could otherwise buy for
/// free, so each form counts under the same per-IP limit (RateLimits:Captcha).
/// </summary>
public sealed class IssueCaptcha(CaptchaService captcha, ClientThrottle throttle, WorkDifficulty difficulty)
{
    public Task<UseCaseResult<CaptchaImage>> ImageAsync(ClientContext client, CancellationToken cancellationToken = default) =>
        WithinLimitAsync(client, async () => UseCaseResult<CaptchaImage>.Pass(await captcha.IssueAsync(cancellationToken)), cancellationToken);

    /// <summary>A proof of work as hard as <see cref="WorkDifficulty"/> makes it for this client; the browser is told its size.</summary>
    public Task<UseCaseResult<WorkChallenge>> WorkAsync(ClientContext client, CancellationToken cancellationToken = default) =>
        WorkAsync(client, null, null, cancellationToken);

    /// <summary>
    /// The same, at least as hard as the identifier typed so far requires (none, or a malformed one: the client's size);
    /// the submit checks the size again against the identifier then typed.
    /// </summary>
    public Task<UseCaseResult<WorkChallenge>> WorkAsync(
        ClientContext client, string? typedEmail, string? typedUserCode, CancellationToken cancellationToken = default) =>
        WithinLimitAsync(client, async () =>
        {
            var subjectKey = await difficulty.SubjectKeyAsync(typedEmail, typedUserCode, cancellationToken);
            var size = await difficulty.NextMaxNumberAsync(client, subjectKey, cancellationToken);
            return UseCaseResult<WorkChallenge>.Pass(await captcha.IssueWorkAsync(size, cancellationToken));
        }, cancellationToken);

    /// <summary>The held image's digits as a WAV in the client's language; <see cref="Outcome.AlreadyUsed"/> once the challenge is spent or expired.</summary>
    public Task<UseCaseResult<byte[]>> AudioAsync(
        CaptchaAudioTicket ticket, ClientContext client, CancellationToken cancellationToken = default) =>
        WithinLimitAsync(client, async () => await captcha.ListenAsync(ticket, client.IsEnglish ? "en" : "fr", cancellationToken) is { } wav
            ? UseCaseResult<byte[]>.Pass(wav)
            : UseCaseResult<byte[]>.Refuse(Outcome.AlreadyUsed), cancellationToken);

    private async Task<UseCaseResult<T>> WithinLimitAsync<T>(
        ClientContext client, Func<Task<UseCaseResult<T>>> issue, CancellationToken cancellationToken) =>
        await throttle.TryAcquireAsync(ClientAction.Captcha, client, cancellationToken) is { } throttled ? UseCaseResult<T>.Wait(throttled) : await issue();
}
