using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// Outside Development (behind the TLS proxy): the sign-in and antiforgery cookies are Secure with the __Host- prefix
/// (Path=/, no Domain), HSTS for a year, and Cross-Origin-Opener-Policy on every response. Development keeps working
/// over plain http.
/// </summary>
public sealed class HttpsOnlyTests
{
    private static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    private static void AssertHostPrefixed(string setCookie)
    {
        Assert.StartsWith("__Host-", setCookie, StringComparison.Ordinal);
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).ToList();
        Assert.Contains("secure", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("path=/", attributes, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.OrdinalIgnoreCase));
    }

    [DatabaseTheory]
    [DatabaseData("Production")]
    [DatabaseData("Staging")]
    public async Task GetSignIn_OverHttpsOutsideDevelopment_SetsHostPrefixedSecureAntiforgeryCookieAndHsts(DatabaseProvider provider, string environment)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, environment, ProductionSettings.Required());

        var response = await factory.CreateHttpsBrowser().GetAsync("/connexion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var antiforgery = Assert.Single(SetCookies(response), c => c.Contains("cmq.antiforgery=", StringComparison.Ordinal));
        AssertHostPrefixed(antiforgery);
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
    }

    [DatabaseTheory]
    public async Task SignIn_OverHttpsInProduction_IssuesAHostPrefixedSecureCookieThatOpensTheAccount(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Production", ProductionSettings.Required());
        var client = factory.CreateHttpsBrowser();
        await factory.Services.GetRequiredService<CreateMember>().ExecuteAsync(DemoMembers.All[0]);

        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(DemoMembers.All[0].Email, DemoMembers.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var signIn = Assert.Single(SetCookies(response), c => c.StartsWith("__Host-cmq.connexion=", StringComparison.Ordinal));
        AssertHostPrefixed(signIn);
        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith("cmq.connexion=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-compte")).StatusCode);
    }

    [DatabaseTheory]
    [DatabaseData("/connexion")]
    [DatabaseData("/healthz")]
    [DatabaseData("/page-inexistante")]
    public async Task Get_AnyResponseInProduction_CarriesCrossOriginOpenerPolicy(DatabaseProvider provider, string path)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Production", ProductionSettings.Required());

        var response = await factory.CreateHttpsBrowser().GetAsync(path);

        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
    }

    [DatabaseTheory]
    public async Task SignIn_OverHttpInDevelopment_WorksWithPlainCookiesAndNoHsts(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var client = factory.CreateBrowser();

        var page = await client.GetAsync("/connexion");
        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(DemoMembers.All[0].Email, DemoMembers.Password));

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("same-origin", page.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Contains(SetCookies(page), c => c.StartsWith("cmq.antiforgery=", StringComparison.Ordinal));
        var signIn = Assert.Single(SetCookies(response), c => c.StartsWith("cmq.connexion=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", signIn, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-compte")).StatusCode);
    }
}
