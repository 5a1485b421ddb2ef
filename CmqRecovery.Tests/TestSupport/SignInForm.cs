using System.Text.RegularExpressions;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>The fields of the sign-in page's static form, as the HTTP tests post them.</summary>
public static partial class SignInForm
{
    public const string WrongPassword = "mauvais mot de passe";

    /// <summary>The email and password, and the captcha's challenge and digits when one is answered.</summary>
    public static Dictionary<string, string> Fields(string email, string password, string? challengeId = null, string? captchaDigits = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        };
        if (challengeId is not null)
        {
            fields["Input.CaptchaChallengeId"] = challengeId;
            fields["Input.CaptchaDigits"] = captchaDigits ?? string.Empty;
        }

        return fields;
    }

    /// <summary>A failed attempt on an address no member has.</summary>
    public static Dictionary<string, string> Stranger() => Fields("personne@example.org", WrongPassword);

    /// <summary>The captcha challenge the form asks to answer (past the threshold), or null.</summary>
    public static string? ChallengeId(string html) =>
        ChallengeField().Match(html) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("name=\"Input.CaptchaChallengeId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex ChallengeField();
}
