using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Security;

/// <summary>
/// Hashing:Iterations may not go below <see cref="HashingOptions.MinimumIterations"/> except in Development and
/// Testing, where a cheap KDF keeps the test suite fast (<see cref="TestShortcuts"/>). Hashing:AnswerPepper is required
/// everywhere (base64, at least 32 bytes), and the public development pepper only in Development and Testing. Run at host start.
/// </summary>
public sealed class HashingOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<HashingOptions>
{
    public const string PepperKey = HashingOptions.Section + ":AnswerPepper";

    public ValidateOptionsResult Validate(string? name, HashingOptions options)
    {
        var failures = new List<string>();
        if (options.Iterations < 1)
        {
            failures.Add($"{HashingOptions.Section}:Iterations must be positive (got {options.Iterations}).");
        }
        else if (options.Iterations < HashingOptions.MinimumIterations && !TestShortcuts.AllowedIn(environment))
        {
            failures.Add(
                $"{HashingOptions.Section}:Iterations (Hashing__Iterations) is {options.Iterations} while the environment is "
                + $"{TestShortcuts.Describe(environment)}; the floor is {HashingOptions.MinimumIterations.ToString("N0", CultureInfo.InvariantCulture)} "
                + $"(lower counts are allowed only in Development and {TestShortcuts.TestingEnvironment}). Refusing to start.");
        }

        var pepper = HashingOptions.DecodePepper(options.AnswerPepper);
        if (pepper is null || pepper.Length < HashingOptions.MinimumPepperBytes)
        {
            failures.Add(
                $"{PepperKey} (Hashing__AnswerPepper) is {(options.AnswerPepper is null ? "missing" : "not base64 of at least " + HashingOptions.MinimumPepperBytes + " bytes")}: "
                + "the answer pairs' hashes need a pepper kept outside the database, e.g. `openssl rand -base64 32` in the secret store "
                + "(Development reads a public one from appsettings.Development.json). Refusing to start.");
        }
        else if (options.AnswerPepper!.Trim() == HashingOptions.PublicDevelopmentPepper && !TestShortcuts.AllowedIn(environment))
        {
            failures.Add(
                $"{PepperKey} is the public development pepper while the environment is {TestShortcuts.Describe(environment)}: "
                + "make a secret one (`openssl rand -base64 32`). Refusing to start.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
