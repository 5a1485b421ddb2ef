namespace CmqRecovery.Core.Captcha;

public sealed class CaptchaOptions
{
    public const string Section = "Captcha";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The proof of work's largest secret number: the browser hashes half this many on average. Chosen so that a
    /// phone takes a few seconds (docs/CAPTCHA.md has the measurements); tests lower it.
    /// </summary>
    public int WorkMaxNumber { get; set; } = 300_000;

    /// <summary>For automated tests only: every challenge's answer. Honoured in Development and Testing; refused elsewhere.</summary>
    public string? TestCode { get; set; }
}
