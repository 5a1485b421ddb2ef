using System.Net;
using System.Text.Json;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Oidc;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>The provider's keys and settings at start-up: outside Development and Testing only from configuration.</summary>
public sealed class OidcStartupTests
{
    [DatabaseTheory]
    [DatabaseData("Oidc:SigningCertificatePath")]
    [DatabaseData("Oidc:EncryptionCertificatePath")]
    public async Task Start_StagingWithoutAnOidcCertificate_RefusesAndNamesIt(DatabaseProvider provider, string missing)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Staging", ProductionSettings.RequiredWithout(missing));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains(missing, Flatten(error), StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task Jwks_StagingWithAPreviousSigningCertificate_PublishesBothKeys(DatabaseProvider provider)
    {
        var settings = ProductionSettings.Required();
        settings["Oidc:PreviousSigningCertificatePaths:0"] = TestCertificates.Create("oidc-previous-signing");
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Staging", settings);
        var client = factory.CreateHttpsBrowser();

        var jwks = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/.well-known/jwks"));

        // A token signed before the rotation still validates at the clients, which read the JWKS.
        Assert.Equal(2, jwks.GetProperty("keys").EnumerateArray().Count(k => k.GetProperty("use").GetString() == "sig"));
    }

    [DatabaseTheory]
    public async Task Discovery_StagingOverHttps_NamesThePublicIssuer(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Staging", ProductionSettings.Required());
        var client = factory.CreateHttpsBrowser();

        var discovery = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/.well-known/openid-configuration"));

        Assert.Equal("https://recuperation.test/", discovery.GetProperty("issuer").GetString());
    }

    [DatabaseTheory]
    public async Task Start_DevelopmentWithoutClientSettings_RegistersTheSampleClient(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        _ = factory.Services; // started: migrated and synchronised

        await using var db = factory.NewDbContext();
        var application = Assert.Single(await db.Set<OpenIddictEntityFrameworkCoreApplication>().ToListAsync());
        Assert.Equal("messagerie", application.ClientId);
        // samples/Messagerie's own port (its launch settings): the sample runs as it is, with nothing to configure.
        Assert.Equal("[\"http://localhost:5190/signin-oidc\"]", application.RedirectUris);
    }

    [DatabaseTheory]
    public async Task Start_StagingWithoutClientSettings_RegistersNoClient(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Staging", ProductionSettings.Required());
        _ = factory.Services;

        await using var db = factory.NewDbContext();
        Assert.Empty(await db.Set<OpenIddictEntityFrameworkCoreApplication>().ToListAsync());
    }

    [Theory]
    [InlineData("AccessTokenLifetime", "00:00:10")]
    [InlineData("AccessTokenLifetime", "02:00:00")]
    [InlineData("RefreshTokenLifetime", "60.00:00:00")]
    [InlineData("RefreshTokenReuseLeeway", "00:05:00")]
    public void Validate_LifetimeOutOfBounds_FailsNamingIt(string setting, string value)
    {
        var options = new OidcOptions();
        typeof(OidcOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new OidcOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Oidc:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new OidcOptionsValidator().Validate(null, new OidcOptions()).Succeeded);

    [Fact]
    public void Validate_ClientWithoutRedirectUriOrName_FailsNamingIt()
    {
        var options = new OidcOptions { Clients = [new OidcClient { ClientId = "x" }] };

        var result = new OidcOptionsValidator().Validate(null, options);

        Assert.Contains("Oidc:Clients:0:RedirectUris", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Oidc:Clients:0:DisplayName", result.FailureMessage, StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
            : error.Message + (error.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);
}
