using CmqRecovery.Core;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Captcha;

public sealed class CaptchaTestCodeTests
{
    private const string TestCode = TestHostSettings.CaptchaCode;

    [DatabaseTheory]
    [DatabaseData("Production")]
    [DatabaseData("Staging")]
    [DatabaseData(null)] // no IHostEnvironment at all: treated as Production
    public async Task IssueAsync_TestCodeWithoutSafeEnvironment_IsIgnored(DatabaseProvider provider, string? environmentName)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var renderer = new RecordingCaptchaRenderer();
        // Built by hand: through DI the options validator already refuses these options (see the tests below).
        var captcha = new CaptchaService(
            host.Get<IDbContextFactory<RecoveryDbContext>>(), host.Get<ServerKeys>(), renderer, host.Time,
            Options.Create(new CaptchaOptions { TestCode = TestCode }),
            environmentName is null ? null : Environment(environmentName));

        var images = new[] { await captcha.IssueAsync(), await captcha.IssueAsync(), await captcha.IssueAsync() };

        // Were the test code honoured, all three would draw it; random draws all match it once in 10^15.
        var index = Enumerable.Range(0, 3).First(i => renderer.Drawn[i] != TestCode);
        Assert.False(await captcha.VerifyAsync(images[index].ChallengeId, TestCode));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void HonouredTestCode_DevelopmentOrTesting_IsTheTestCode(string environmentName)
    {
        var options = new CaptchaOptions { TestCode = TestCode };

        Assert.Equal(TestCode, CaptchaStartupCheck.HonouredTestCode(Environment(environmentName), options));
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Production")]
    [InlineData("Prod")]
    [InlineData("QA")]
    public void HonouredTestCode_AnyOtherEnvironment_IsNull(string environmentName)
    {
        var options = new CaptchaOptions { TestCode = TestCode };

        Assert.Null(CaptchaStartupCheck.HonouredTestCode(Environment(environmentName), options));
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("Prod")]
    [InlineData("QA")]
    public void Validate_NonTestEnvironmentWithTestCode_Fails(string environmentName)
    {
        var result = Validate(environmentName, new CaptchaOptions { TestCode = TestCode });

        Assert.True(result.Failed);
        Assert.Contains("Captcha:TestCode", result.FailureMessage);
        Assert.Contains(environmentName, result.FailureMessage);
    }

    // The validator is what the host runs at start (ValidateOnStart), so these test the path the app takes.
    private static ValidateOptionsResult Validate(string? environmentName, CaptchaOptions options) =>
        new CaptchaOptionsValidator(environmentName is null ? null : Environment(environmentName)).Validate(null, options);

    [Fact]
    public void Validate_ProductionWithTestCode_Fails()
    {
        var result = Validate("Production", new CaptchaOptions { TestCode = TestCode });

        Assert.True(result.Failed);
        Assert.Contains("Captcha:TestCode", result.FailureMessage);
        Assert.Contains("Production", result.FailureMessage);
    }

    [Fact]
    public void Validate_NoEnvironmentWithTestCode_Fails()
    {
        Assert.True(Validate(null, new CaptchaOptions { TestCode = TestCode }).Failed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_ProductionWithoutTestCode_Succeeds(string? testCode)
    {
        Assert.True(Validate("Production", new CaptchaOptions { TestCode = testCode }).Succeeded);
    }

    [Fact]
    public void Validate_DevelopmentWithTestCode_Succeeds()
    {
        Assert.True(Validate("Development", new CaptchaOptions { TestCode = TestCode }).Succeeded);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("abcde")]
    public void Validate_DevelopmentWithMalformedTestCode_Fails(string testCode)
    {
        Assert.True(Validate("Development", new CaptchaOptions { TestCode = testCode }).Failed);
    }

    [Fact]
    public void Validate_NonPositiveLifetime_Fails()
    {
        Assert.True(Validate("Development", new CaptchaOptions { Lifetime = TimeSpan.Zero }).Failed);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task StartAsync_NonTestHostWithTestCode_RefusesToStart(string environmentName)
    {
        var databasePath = TempDatabasePath();
        using var host = BuildHost(environmentName, databasePath, TestCode);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Captcha:TestCode", error.Message);
        Assert.False(File.Exists(databasePath));
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Development", TestCode)]
    public void StartupValidation_AllowedTestCode_PassesAndKeepsIt(string environmentName, string? testCode)
    {
        using var host = BuildHost(environmentName, TempDatabasePath(), testCode);

        host.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(testCode, host.Services.GetRequiredService<IOptions<CaptchaOptions>>().Value.TestCode);
    }

    [DatabaseTheory]
    public async Task GetCaptchaService_ProductionWithTestCode_Throws(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider,
            configure: s => s.AddSingleton<IHostEnvironment>(Environment("Production")));

        Assert.Throws<OptionsValidationException>(() => host.Get<CaptchaService>());
    }

    /// <summary>Where a host would make its database: these hosts must refuse before making it.</summary>
    private static string TempDatabasePath() => Path.Combine(Path.GetTempPath(), $"cmqrecovery-test-{Guid.NewGuid():N}.db");

    private static IHost BuildHost(string environmentName, string databasePath, string? testCode)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environmentName,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recovery"] = $"Data Source={databasePath};Pooling=False",
            ["Captcha:TestCode"] = testCode,
            ["Hashing:AnswerPepper"] = ProductionSettings.Pepper, // required everywhere; only the captcha is under test
        });
        builder.Services.AddRecoveryCore(builder.Configuration);
        return builder.Build();
    }

    private static HostingEnvironment Environment(string name) =>
        new() { EnvironmentName = name, ApplicationName = "CmqRecovery.Tests" };
}
