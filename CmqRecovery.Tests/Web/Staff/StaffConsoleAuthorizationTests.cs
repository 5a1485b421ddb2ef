using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>
/// Who reaches the console, over real HTTP: only a staff session with a role; never a member's cookie, and a staff
/// session is nobody on the member's pages. Every console page, whatever it says itself, needs the console policy.
/// </summary>
public sealed class StaffConsoleAuthorizationTests
{
    [DatabaseTheory]
    [DatabaseData("/soutien")]
    [DatabaseData("/soutien/membres")]
    [DatabaseData("/soutien/membres/etat")]
    [DatabaseData("/soutien/courriels")]
    [DatabaseData("/soutien/courriel/proposer")]
    [DatabaseData("/soutien/courriel/approbations")]
    [DatabaseData("/soutien/reponses-non")]
    [DatabaseData("/soutien/journal")]
    public async Task Get_Anonymous_RedirectsToStaffSignIn(DatabaseProvider provider, string path)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);

        StaffBrowser.AssertSentToStaffSignIn(await factory.CreateBrowser().GetAsync(path));
    }

    [DatabaseTheory]
    [DatabaseData("/soutien")]
    [DatabaseData("/soutien/membres")]
    [DatabaseData("/soutien/membres/etat")]
    [DatabaseData("/soutien/courriels")]
    [DatabaseData("/soutien/courriel/proposer")]
    [DatabaseData("/soutien/courriel/approbations")]
    [DatabaseData("/soutien/reponses-non")]
    [DatabaseData("/soutien/journal")]
    public async Task Get_MemberCookie_RedirectsToStaffSignIn(DatabaseProvider provider, string path)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var member = factory.CreateBrowser();
        await StaffBrowser.SignInAsMemberAsync(member);

        StaffBrowser.AssertSentToStaffSignIn(await member.GetAsync(path));
    }

    [DatabaseTheory]
    public async Task SignIn_DevelopmentIdentity_OpensTheConsoleAndNoMemberPage(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();

        var signIn = await StaffBrowser.SignInAsync(agent, "superviseur2");

        Assert.Equal("/soutien", signIn.Headers.Location!.AbsolutePath);
        var console = WebUtility.HtmlDecode(await agent.GetStringAsync("/soutien"));
        Assert.Contains("Connecté en tant que Superviseur 2 (superviseur)", console);
        var account = await agent.GetAsync("/mon-compte");
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.Equal("/connexion", account.Headers.Location!.AbsolutePath);
    }

    [DatabaseTheory]
    public async Task SignIn_UnknownIdentity_SignsNobodyIn(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var client = factory.CreateBrowser();

        var response = await RecoveryWebFactory.PostFormAsync(client, StaffBrowser.SignIn, new Dictionary<string, string> { ["identity"] = "admin" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        StaffBrowser.AssertSentToStaffSignIn(await client.GetAsync("/soutien"));
    }

    [DatabaseTheory]
    public async Task Post_WithoutAntiforgeryToken_IsRefusedAndChangesNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var client = factory.CreateBrowser();
        var signInFields = await RecoveryWebFactory.FormFieldsAsync(client, StaffBrowser.SignIn, new Dictionary<string, string> { ["identity"] = "agent1" });
        signInFields.Remove("__RequestVerificationToken");

        var signIn = await client.PostAsync(StaffBrowser.SignIn, new FormUrlEncodedContent(signInFields));

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        StaffBrowser.AssertSentToStaffSignIn(await client.GetAsync("/soutien"));

        await using (var db = factory.NewDbContext())
        {
            Assert.False(await db.AuditEvents.AnyAsync(e => e.StaffId != null));
        }

        await StaffBrowser.SignInAsync(client);
        var signOut = await client.PostAsync("/soutien/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/soutien")).StatusCode);
        await using var check = factory.NewDbContext();
        Assert.Equal([AuditKind.StaffSignedIn], await check.AuditEvents.Where(e => e.StaffId != null).Select(e => e.Kind).ToListAsync());
    }

    [DatabaseTheory]
    public async Task SignOut_WithToken_EndsTheStaffSessionAndTheAuditHasBoth(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var client = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(client, "superviseur2");

        var signOut = await RecoveryWebFactory.PostFormAsync(client, "/soutien", new Dictionary<string, string>(), "/soutien/deconnexion");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        StaffBrowser.AssertSentToStaffSignIn(await client.GetAsync("/soutien"));
        await using var db = factory.NewDbContext();
        var rows = await db.AuditEvents.Where(e => e.StaffId != null).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [(AuditKind.StaffSignedIn, "superviseur2", (string?)RecordStaffSession.ThroughDevelopmentStandIn), (AuditKind.StaffSignedOut, "superviseur2", null)],
            rows.Select(row => (row.Kind, row.StaffId!, row.StaffReason)));
        Assert.All(rows, row => Assert.Null(row.MemberId));
    }

    [DatabaseTheory]
    public async Task SignIn_OverHttpsOutsideDevelopment_CookieIsSecureStrictAndLimitedToTheConsole(DatabaseProvider provider)
    {
        var settings = ProductionSettings.Required();
        settings["Staff:Enabled"] = "true";
        settings["Staff:DevelopmentSignIn"] = "true";
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Testing", settings);
        var client = factory.CreateHttpsBrowser();

        var response = await StaffBrowser.SignInAsync(client);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.Contains("cmq.soutien", StringComparison.Ordinal));
        Assert.StartsWith("__Secure-cmq.soutien=", cookie);
        Assert.Contains("path=/soutien;", cookie + ";");
        Assert.Contains("; secure", cookie);
        Assert.Contains("; samesite=strict", cookie);
        Assert.Contains("; httponly", cookie);
        Assert.DoesNotContain("expires=", cookie);
    }

    [DatabaseTheory]
    public async Task Session_IdleOrPastItsLifetime_EndsThoughItWasUsed(DatabaseProvider provider)
    {
        await using var parent = await RecoveryWebFactory.CreateAsync(provider);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = parent.WithWebHostBuilder(builder => builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var idle = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var busy = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await StaffBrowser.SignInAsync(idle);
        await StaffBrowser.SignInAsync(busy);

        // Used every 20 minutes for just under 8 h: the sliding cookie keeps it; idle for 31 minutes: over.
        for (var minutes = 20; minutes < 8 * 60; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/soutien")).StatusCode);
            if (minutes == 20)
            {
                Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/soutien")).StatusCode);
            }
            else if (minutes == 60)
            {
                StaffBrowser.AssertSentToStaffSignIn(await idle.GetAsync("/soutien"));
            }
        }

        clock.Advance(TimeSpan.FromMinutes(20));
        StaffBrowser.AssertSentToStaffSignIn(await busy.GetAsync("/soutien"));
    }

    [DatabaseTheory]
    public async Task Get_ConsoleNotEnabled_SignInIsNotFound(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: new Dictionary<string, string?> { ["Staff:Enabled"] = "false" });
        var client = factory.CreateBrowser();

        StaffBrowser.AssertSentToStaffSignIn(await client.GetAsync("/soutien"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(StaffBrowser.SignIn)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(StaffBrowser.SignIn, new FormUrlEncodedContent(new Dictionary<string, string>()))).StatusCode);
    }

    [DatabaseTheory]
    public async Task Endpoints_UnderTheConsole_EachRequiresTheConsolePolicyButTheSignIn(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        _ = factory.CreateBrowser();

        var console = factory.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/soutien", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();

        Assert.True(console.Count >= 3, string.Join(", ", console.Select(e => e.RoutePattern.RawText)));
        foreach (var endpoint in console)
        {
            if (endpoint.RoutePattern.RawText == StaffBrowser.SignIn)
            {
                Assert.NotNull(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
                continue;
            }

            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), data => data.Policy == StaffSchemes.ConsolePolicy);
        }
    }
}
