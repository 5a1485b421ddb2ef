namespace CmqRecovery.TestSupport;

/// <summary>
/// The configuration every test host starts from (<see cref="CoreTestHost"/>, <see cref="RecoveryWebFactory"/>,
/// <see cref="RunningApp"/>, and the benchmarks' BenchmarkHost; tools/load links it for the captcha code): the test database, the captcha
/// test code, cheap hashing and the public development pepper, a public base URL and the per-IP limits raised out of the way. Callers lay their own
/// values on top, in order; a null value unsets a setting.
/// </summary>
public static class TestHostSettings
{
    /// <summary>The captcha answer every host accepts (honoured in Development and Testing only).</summary>
    public const string CaptchaCode = "12345";

    public const string PublicBaseUrl = "https://recuperation.test";

    /// <summary>The suite's settings over <paramref name="database"/>, then each layer in turn.</summary>
    public static Dictionary<string, string?> For(TestDatabase database, params IEnumerable<KeyValuePair<string, string?>>?[] layers)
    {
        var settings = new Dictionary<string, string?>(RaisedRateLimits.Concat(database.Settings))
        {
            // Fewer PBKDF2 iterations keep seeding and each answer check fast; the production count has its own test.
            ["Hashing:Iterations"] = "1000",
            // The public development pepper: real ones live in the secret store (docs/DEPLOYMENT.md).
            ["Hashing:AnswerPepper"] = CmqRecovery.Core.Security.HashingOptions.PublicDevelopmentPepper,
            ["Captcha:TestCode"] = CaptchaCode,
            ["Recovery:PublicBaseUrl"] = PublicBaseUrl,
        };
        foreach (var (key, value) in layers.SelectMany(layer => layer ?? []))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// Every test shares one client IP (or none) and runs KDFs in parallel: the per-IP limits and the KDF queue are
    /// raised out of the way. The rate-limit tests set their own low values on top.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RaisedRateLimits { get; } = new Dictionary<string, string?>
    {
        ["RateLimits:SignIn:PermitLimit"] = "1000000",
        ["RateLimits:Captcha:PermitLimit"] = "1000000",
        ["RateLimits:Identify:PermitLimit"] = "1000000",
        ["RateLimits:AnswerCheck:PermitLimit"] = "1000000",
        ["RateLimits:LinkOpen:PermitLimit"] = "1000000",
        ["RateLimits:Account:PermitLimit"] = "1000000",
        ["RateLimits:KdfQueue"] = "1000000",
    };
}
