using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Security;

/// <summary>
/// Hashing:Iterations may not go below <see cref="HashingOptions.MinimumIterations"/> except in Development and
/// Testing, where a cheap KDF keeps the test suite fast (<see cref="TestShortcuts"/>). Run at host start.
/// </summary>
public sealed class HashingOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<HashingOptions>
{
    public ValidateOptionsResult Validate(string? name, HashingOptions options)
    {
        if (options.Iterations < 1)
        {
            return ValidateOptionsResult.Fail($"{HashingOptions.Section}:Iterations must be positive (got {options.Iterations}).");
        }

        if (options.Iterations < HashingOptions.MinimumIterations && !TestShortcuts.AllowedIn(environment))
        {
            return ValidateOptionsResult.Fail(
                $"{HashingOptions.Section}:Iterations (Hashing__Iterations) is {options.Iterations} while the environment is "
                + $"{TestShortcuts.Describe(environment)}; the floor is {HashingOptions.MinimumIterations.ToString("N0", CultureInfo.InvariantCulture)} "
                + $"(lower counts are allowed only in Development and {TestShortcuts.TestingEnvironment}). Refusing to start.");
        }

        return ValidateOptionsResult.Success;
    }
}
