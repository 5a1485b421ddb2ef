using CmqRecovery.Core;
using CmqRecovery.Core.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Security;

public sealed class HashingOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(string? environmentName, int iterations) =>
        new HashingOptionsValidator(environmentName is null ? null : Environment(environmentName))
            .Validate(null, new HashingOptions { Iterations = iterations, AnswerPepper = SecretPepper });

    private static readonly string SecretPepper = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static ValidateOptionsResult ValidatePepper(string environmentName, string? pepper) =>
        new HashingOptionsValidator(Environment(environmentName)).Validate(null, new HashingOptions { AnswerPepper = pepper });

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Staging", "")]
    [InlineData("Production", "pas du base64 !")]
    [InlineData("Production", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw")] // 30 bytes
    [InlineData("Testing", null)]
    [InlineData("Development", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw")]
    public void Validate_PepperMissingOrShort_FailsAndNamesIt(string environmentName, string? pepper)
    {
        var result = ValidatePepper(environmentName, pepper);

        Assert.True(result.Failed);
        Assert.Contains("Hashing:AnswerPepper", result.FailureMessage);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Validate_PublicDevelopmentPepperOutsideTests_Fails(string environmentName)
    {
        var result = ValidatePepper(environmentName, HashingOptions.PublicDevelopmentPepper);

        Assert.True(result.Failed);
        Assert.Contains("public development pepper", result.FailureMessage);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Validate_PublicDevelopmentPepperInDevelopmentOrTesting_Succeeds(string environmentName)
    {
        Assert.True(ValidatePepper(environmentName, HashingOptions.PublicDevelopmentPepper).Succeeded);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData(null)]
    public void Validate_BelowFloorOutsideTests_Fails(string? environmentName)
    {
        var result = Validate(environmentName, HashingOptions.MinimumIterations - 1);

        Assert.True(result.Failed);
        Assert.Contains("Hashing:Iterations", result.FailureMessage);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Validate_AtFloorOutsideTests_Succeeds(string environmentName)
    {
        Assert.True(Validate(environmentName, HashingOptions.MinimumIterations).Succeeded);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Validate_CheapKdfInDevelopmentOrTesting_Succeeds(string environmentName)
    {
        Assert.True(Validate(environmentName, 1000).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveEvenInTesting_Fails(int iterations)
    {
        Assert.True(Validate("Testing", iterations).Failed);
    }

    [Fact]
    public void Iterations_Default_IsTheFloor()
    {
        Assert.Equal(210_000, new HashingOptions().Iterations);
    }

    [Fact]
    public async Task StartAsync_ProductionHostBelowFloor_RefusesToStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        var databasePath = Path.Combine(Path.GetTempPath(), $"cmqrecovery-test-{Guid.NewGuid():N}.db");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recovery"] = $"Data Source={databasePath};Pooling=False",
            ["Hashing:Iterations"] = "1000",
        });
        builder.Services.AddRecoveryCore(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Hashing:Iterations", error.Message);
        Assert.False(File.Exists(databasePath));
    }

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name, ApplicationName = "CmqRecovery.Tests" };
}
