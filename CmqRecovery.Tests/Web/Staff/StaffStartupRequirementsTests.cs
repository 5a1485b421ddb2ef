using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Staff;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>The console fails closed at start-up: no development sign-in outside Development and Testing, no console without its provider.</summary>
public sealed class StaffStartupRequirementsTests
{
    private static HostingEnvironment In(string name) => new() { EnvironmentName = name };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing ")]
    public void Ensure_DevelopmentSignInOutsideDevelopmentAndTesting_RefusesAndNamesIt(string environment)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            StaffStartupRequirements.Ensure(In(environment), new StaffOptions { DevelopmentSignIn = true }));

        Assert.Contains("Staff:DevelopmentSignIn", error.Message);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Testing")]
    public void Ensure_DevelopmentSignInInDevelopmentOrTesting_Starts(string environment)
    {
        StaffStartupRequirements.Ensure(In(environment), new StaffOptions { Enabled = true, DevelopmentSignIn = true });
    }

    [Theory]
    [InlineData(null, "client", "Staff:Authority")]
    [InlineData("https://login.cmq.test", null, "Staff:ClientId")]
    [InlineData(" ", " ", "Staff:Authority")]
    public void Ensure_EnabledWithoutTheProvider_RefusesAndNamesTheSetting(string? authority, string? clientId, string named)
    {
        foreach (var environment in new[] { "Production", "Development" })
        {
            var error = Assert.Throws<InvalidOperationException>(() => StaffStartupRequirements.Ensure(
                In(environment), new StaffOptions { Enabled = true, Authority = authority, ClientId = clientId }));

            Assert.Contains(named, error.Message);
        }
    }

    [Fact]
    public void Ensure_DisabledWithoutTheProvider_Starts()
    {
        StaffStartupRequirements.Ensure(In(Environments.Production), new StaffOptions());
    }

    [DatabaseTheory]
    public async Task Start_ProductionWithDevelopmentSignIn_Refuses(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Production", ProductionSettings.RequiredWith("Staff:DevelopmentSignIn", "true"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains("Staff:DevelopmentSignIn", Flatten(error));
    }

    private static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " | " + Flatten(error.InnerException);
}
