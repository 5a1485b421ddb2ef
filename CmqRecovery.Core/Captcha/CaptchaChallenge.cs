namespace CmqRecovery.Core.Captcha;

/// <summary>A captcha kept server side: only a keyed hash of its digits, single-use, short-lived.</summary>
public sealed class CaptchaChallenge
{
    public Guid Id { get; set; }
    public required byte[] AnswerHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? SpentAt { get; set; }

    /// <summary>A proof of work's search space (null for an image): what an identifier's required difficulty is checked against.</summary>
    public int? WorkMaxNumber { get; set; }
}
