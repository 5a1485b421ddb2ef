namespace CmqRecovery.Core.Captcha;

public sealed class CaptchaOptions
{
    public const string Section = "Captcha";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>For automated tests only: every challenge's answer. Honoured in Development and Testing; refused elsewhere.</summary>
    public string? TestCode { get; set; }
}
