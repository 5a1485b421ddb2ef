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

    /// <summary>
    /// Work challenges one client (IP, IPv6 prefix) takes per <see cref="WorkWindow"/> at the base difficulty; each one
    /// past them doubles the next one's search space, up to <see cref="WorkMaxDoublings"/> times (docs/CAPTCHA.md).
    /// </summary>
    public int WorkFreeChallenges { get; set; } = 5;

    /// <summary>The cap on doublings: the hardest challenge searches WorkMaxNumber × 2^WorkMaxDoublings numbers.</summary>
    public int WorkMaxDoublings { get; set; } = 5;

    /// <summary>How long a client's work challenges are counted (a fixed window from the first).</summary>
    public TimeSpan WorkWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Proof-of-work failures one typed identifier takes per <see cref="WorkIdentifierWindow"/> at the base difficulty;
    /// each one past them doubles what the identifier requires next, up to <see cref="WorkMaxIdentifierDoublings"/> times.
    /// </summary>
    public int WorkFreeFailuresPerIdentifier { get; set; } = 3;

    /// <summary>The cap per identifier: a member a stranger attacked waits at most WorkMaxNumber × 2^this (docs/CAPTCHA.md).</summary>
    public int WorkMaxIdentifierDoublings { get; set; } = 3;

    /// <summary>How long an identifier's proof-of-work failures are counted (a fixed window from the first), as the suspension's.</summary>
    public TimeSpan WorkIdentifierWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>For automated tests only: every challenge's answer. Honoured in Development and Testing; refused elsewhere.</summary>
    public string? TestCode { get; set; }
}
