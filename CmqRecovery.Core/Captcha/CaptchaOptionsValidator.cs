using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Captcha;

/// <summary>Runs <see cref="CaptchaStartupCheck"/> when the options are built, and at host start (ValidateOnStart).</summary>
public sealed class CaptchaOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<CaptchaOptions>
{
    public ValidateOptionsResult Validate(string? name, CaptchaOptions options)
    {
        var problem = CaptchaStartupCheck.Problem(environment, options);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }
}
