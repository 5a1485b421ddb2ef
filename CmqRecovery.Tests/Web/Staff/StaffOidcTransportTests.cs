using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Staff;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>
/// The Collège's provider decides who is staff, so its metadata and keys come over HTTPS wherever the app itself is
/// HTTPS-only (everywhere but Development): a plain-HTTP authority refuses to start, and the handler requires HTTPS.
/// </summary>
public sealed class StaffOidcTransportTests
{
    private static StaffOptions Provider(string authority) => new() { Enabled = true, Authority = authority, ClientId = "cmq-soutien" };

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void Ensure_PlainHttpAuthorityOutsideDevelopment_RefusesAndNamesIt(string environment)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            StaffStartupRequirements.Ensure(new HostingEnvironment { EnvironmentName = environment }, Provider("http://login.cmq.test/")));

        Assert.Contains("Staff:Authority", error.Message);
        Assert.Contains("https://", error.Message);
    }

    [Theory]
    [InlineData("Production", "https://login.cmq.test/")]
    [InlineData("Development", "http://localhost:5300/")]
    public void Ensure_HttpsOrDevelopmentAuthority_Starts(string environment, string authority)
    {
        StaffStartupRequirements.Ensure(new HostingEnvironment { EnvironmentName = environment }, Provider(authority));
    }

    [DatabaseTheory]
    public async Task Handler_OutsideDevelopment_RequiresHttpsMetadataAndSecureFlowCookiesUnderTheConsole(DatabaseProvider provider)
    {
        var settings = ProductionSettings.Required();
        settings["Staff:Enabled"] = "true";
        settings["Staff:DevelopmentSignIn"] = "false";
        settings["Staff:Authority"] = "https://login.cmq.test/";
        settings["Staff:ClientId"] = "cmq-soutien";
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Testing", settings);
        _ = factory.CreateBrowser();

        var oidc = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(StaffSchemes.OpenIdConnect);

        Assert.True(oidc.RequireHttpsMetadata);
        Assert.Equal("query", oidc.ResponseMode);
        foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
        {
            Assert.Equal(("/soutien", SameSiteMode.Lax, CookieSecurePolicy.Always), (cookie.Path, cookie.SameSite, cookie.SecurePolicy));
        }
    }
}
