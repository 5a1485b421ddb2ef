using CmqRecovery.Core.Security;
using Microsoft.Extensions.Hosting;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Captcha:TestCode makes every answer known in advance, so it is honoured only in Development and Testing
/// (<see cref="TestShortcuts"/>); any other environment — Production, Staging, none — refuses to start with it.
/// </summary>
public static class CaptchaStartupCheck
{
    /// <summary>The test code in force, or null: only in Development or Testing, never without an environment.</summary>
    public static string? HonouredTestCode(IHostEnvironment? environment, CaptchaOptions options) =>
        IsSet(options) && TestShortcuts.AllowedIn(environment)
            ? CaptchaCode.Normalize(options.TestCode)
            : null;

    internal static string? Problem(IHostEnvironment? environment, CaptchaOptions options)
    {
        if (options.Lifetime <= TimeSpan.Zero)
        {
            return $"{CaptchaOptions.Section}:Lifetime must be positive (got {options.Lifetime}).";
        }

        if (options.WorkMaxNumber < 1)
        {
            return $"{CaptchaOptions.Section}:WorkMaxNumber must be at least 1 (got {options.WorkMaxNumber}).";
        }

        if (options.WorkFreeChallenges < 0 || options.WorkMaxDoublings is < 0 or > 16
            || (long)options.WorkMaxNumber << options.WorkMaxDoublings > int.MaxValue || options.WorkWindow <= TimeSpan.Zero)
        {
            return $"{CaptchaOptions.Section}:WorkFreeChallenges must be at least 0, WorkMaxDoublings 0–16 with WorkMaxNumber × 2^WorkMaxDoublings "
                + $"at most {int.MaxValue}, and WorkWindow positive (got {options.WorkFreeChallenges}, {options.WorkMaxDoublings}, "
                + $"{options.WorkMaxNumber}, {options.WorkWindow}).";
        }

        if (options.WorkFreeFailuresPerIdentifier < 0 || options.WorkMaxIdentifierDoublings is < 0 or > 16
            || (long)options.WorkMaxNumber << options.WorkMaxIdentifierDoublings > int.MaxValue || options.WorkIdentifierWindow <= TimeSpan.Zero)
        {
            return $"{CaptchaOptions.Section}:WorkFreeFailuresPerIdentifier must be at least 0, WorkMaxIdentifierDoublings 0–16 with "
                + $"WorkMaxNumber × 2^WorkMaxIdentifierDoublings at most {int.MaxValue}, and WorkIdentifierWindow positive (got "
                + $"{options.WorkFreeFailuresPerIdentifier}, {options.WorkMaxIdentifierDoublings}, {options.WorkMaxNumber}, {options.WorkIdentifierWindow}).";
        }

        if (!IsSet(options))
        {
            return null;
        }

        if (!TestShortcuts.AllowedIn(environment))
        {
            return $"{CaptchaOptions.Section}:TestCode (environment variable Captcha__TestCode) is set while the environment is "
                + $"{TestShortcuts.Describe(environment)}; it is honoured only in Development and {TestShortcuts.TestingEnvironment}. "
                + "It makes every captcha answer known in advance: remove it. Refusing to start.";
        }

        return CaptchaCode.Normalize(options.TestCode) is null
            ? $"{CaptchaOptions.Section}:TestCode must be {CaptchaCode.Length} digits."
            : null;
    }

    private static bool IsSet(CaptchaOptions options) => !string.IsNullOrWhiteSpace(options.TestCode);
}
