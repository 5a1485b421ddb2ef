using Microsoft.Extensions.Hosting;

namespace CmqRecovery.Core.Security;

/// <summary>
/// The one place that says where test shortcuts (a fixed captcha code, a cheap KDF) may be honoured: Development
/// and Testing, by name. Every other environment name — Production, Staging, a typo, none at all — is treated as
/// production, so a forgotten variable on a real server stops the app instead of weakening it.
/// </summary>
public static class TestShortcuts
{
    /// <summary>The environment the automated tests run in (ASPNETCORE_ENVIRONMENT=Testing).</summary>
    public const string TestingEnvironment = "Testing";

    public static bool AllowedIn(IHostEnvironment? environment) =>
        environment is not null && (environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment));

    /// <summary>For start-up messages: the name, or what an absent environment is taken for.</summary>
    public static string Describe(IHostEnvironment? environment) =>
        environment?.EnvironmentName ?? "unknown, treated as Production";
}
