using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Throttling;

/// <summary>Refuses to start with a limit that would block everyone or nobody by mistake.</summary>
public sealed class RateLimitsOptionsValidator : IValidateOptions<RateLimitsOptions>
{
    /// <summary>A /32 is a whole provider's allocation; anything shorter would put unrelated networks under one limit.</summary>
    public const int MinIPv6PrefixLength = 32;

    public ValidateOptionsResult Validate(string? name, RateLimitsOptions options)
    {
        var problems = new List<string>();
        foreach (var action in Enum.GetValues<ClientAction>())
        {
            var limit = options.For(action);
            if (limit.PermitLimit < 1)
            {
                problems.Add($"{RateLimitsOptions.Section}:{action}:PermitLimit must be at least 1 (got {limit.PermitLimit}).");
            }

            if (limit.Window <= TimeSpan.Zero)
            {
                problems.Add($"{RateLimitsOptions.Section}:{action}:Window must be positive (got {limit.Window}).");
            }
        }

        if (options.SignInConcurrencyPerClient < 1)
        {
            problems.Add($"{RateLimitsOptions.Section}:SignInConcurrencyPerClient must be at least 1 (got {options.SignInConcurrencyPerClient}).");
        }

        if (options.SignInQueuePerClient < 0)
        {
            problems.Add($"{RateLimitsOptions.Section}:SignInQueuePerClient must be 0 or more (got {options.SignInQueuePerClient}).");
        }

        if (options.IPv6PrefixLength is < MinIPv6PrefixLength or > 128)
        {
            problems.Add($"{RateLimitsOptions.Section}:IPv6PrefixLength must be between {MinIPv6PrefixLength} and 128 (got {options.IPv6PrefixLength}).");
        }

        if (options.KdfConcurrency < 0)
        {
            problems.Add($"{RateLimitsOptions.Section}:KdfConcurrency must be 0 (one per processor) or more (got {options.KdfConcurrency}).");
        }

        if (options.KdfQueue < 0)
        {
            problems.Add($"{RateLimitsOptions.Section}:KdfQueue must be 0 or more (got {options.KdfQueue}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
