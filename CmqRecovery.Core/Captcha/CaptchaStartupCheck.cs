using Microsoft.Extensions.Hosting;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Captcha:TestCode makes every answer known in advance, so it is honoured only outside Production and Production
/// refuses to start while it is set. An absent environment counts as Production (fail closed).
/// </summary>
public static class CaptchaStartupCheck
{
    /// <summary>The test code in force, or null: never in Production, never without an environment.</summary>
    public static string? HonouredTestCode(IHostEnvironment? environment, CaptchaOptions options) =>
        IsSet(options) && environment is not null && !environment.IsProduction()
            ? CaptchaCode.Normalize(options.TestCode)
            : null;

    internal static string? Problem(IHostEnvironment? environment, CaptchaOptions options)
    {
        if (options.Lifetime <= TimeSpan.Zero)
        {
            return $"{CaptchaOptions.Section}:Lifetime must be positive (got {options.Lifetime}).";
        }

        if (!IsSet(options))
        {
            return null;
        }

        if (environment is null || environment.IsProduction())
        {
            return $"{CaptchaOptions.Section}:TestCode (environment variable Captcha__TestCode) is set while the environment is "
                + $"{environment?.EnvironmentName ?? "unknown, treated as Production"}. It makes every captcha answer known "
                + "in advance: remove it. Refusing to start.";
        }

        return CaptchaCode.Normalize(options.TestCode) is null
            ? $"{CaptchaOptions.Section}:TestCode must be {CaptchaCode.Length} digits."
            : null;
    }

    private static bool IsSet(CaptchaOptions options) => !string.IsNullOrWhiteSpace(options.TestCode);
}
