namespace CmqRecovery.Core.Captcha;

/// <summary>A PNG of five digits, and the id of its server-side challenge.</summary>
public sealed record CaptchaImage(Guid ChallengeId, byte[] Png);

// CONTRACT (to be implemented in Captcha/): issue draws five CSPRNG digits, stores a keyed hash with a
// 5-minute expiry and renders the PNG; verify spends the challenge whatever the answer.
public class CaptchaService
{
    public virtual Task<CaptchaImage> IssueAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>True only for an unexpired, unspent challenge whose digits match (spaces ignored). Always spends it.</summary>
    public virtual Task<bool> VerifyAsync(Guid challengeId, string? answer, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
