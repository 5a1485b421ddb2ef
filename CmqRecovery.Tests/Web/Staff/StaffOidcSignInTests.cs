using System.Net;
using System.Security.Cryptography;
using System.Text;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Staff;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>
/// The console's sign-in through a real OpenID Connect provider (<see cref="StaffIdentityProvider"/>, OpenIddict on
/// its own Kestrel host, another site), over real HTTP: the provider's subject is the staff identity, its role claim
/// the roles; everything else is refused with nothing signed in and nothing audited.
/// </summary>
public sealed class StaffOidcSignInTests
{
    private static async Task<(StaffIdentityProvider Provider, RunningApp App)> StartAsync(DatabaseProvider database = DatabaseProvider.Sqlite)
    {
        var provider = await StaffIdentityProvider.StartAsync();
        var app = await RunningApp.StartAsync(database, provider.AppSettings());
        await provider.RegisterAppAsync(app.BaseUrl);
        return (provider, app);
    }

    [DatabaseTheory]
    public async Task SignIn_SupportValue_LandsOnTheConsoleAsTheProvidersSubjectAndALookupIsAuditedAsIt(DatabaseProvider database)
    {
        var (provider, app) = await StartAsync(database);
        await using var _ = provider;
        await using var __ = app;
        provider.Account = new StaffAccount("f3a1c2d4-agent", "Agente Tremblay", StaffIdentityProvider.SupportValue);
        using var agent = new StaffOidcFlow(app, provider);

        var callback = await agent.SignInAsync("/soutien/membres");

        // Our own page, which moves on by itself (a Strict cookie is not sent on the provider's redirect chain).
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Contains("url=/soutien/membres\"", await callback.Content.ReadAsStringAsync());
        var cookie = Assert.Single(callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith(StaffOidcFlow.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("path=/soutien;", cookie + ";");
        Assert.Contains("; samesite=strict", cookie);
        Assert.Contains("; httponly", cookie);
        var home = WebUtility.HtmlDecode(await agent.Client.GetStringAsync("/soutien"));
        Assert.Contains("Connecté en tant que Agente Tremblay (soutien)", home);
        // A support agent is not a supervisor.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.GetAsync("/soutien/courriel/approbations")).StatusCode);

        var member = DemoMembers.All[0];
        var lookup = await RecoveryWebFactory.PostFormAsync(agent.Client, "/soutien/membres",
            new Dictionary<string, string> { ["Input.Identifier"] = member.Email, ["Input.Reason"] = "MemberCalled" });

        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        await using var db = app.NewDbContext();
        var rows = await db.AuditEvents.Where(e => e.StaffId != null).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [(AuditKind.StaffSignedIn, "f3a1c2d4-agent", RecordStaffSession.ThroughProvider), (AuditKind.StaffMemberLookedUp, "f3a1c2d4-agent", "MemberCalled")],
            rows.Select(row => (row.Kind, row.StaffId, row.StaffReason)));
    }

    [Fact]
    public async Task SignIn_SupervisorValue_ReachesTheSupervisorsPage()
    {
        var (provider, app) = await StartAsync();
        await using var _ = provider;
        await using var __ = app;
        provider.Account = new StaffAccount("superviseure-oidc", "Superviseure Gagnon", "CMQ-Autre-Groupe", StaffIdentityProvider.SupervisorValue);
        using var supervisor = new StaffOidcFlow(app, provider);

        Assert.Equal(HttpStatusCode.OK, (await supervisor.SignInAsync()).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await supervisor.Client.GetAsync("/soutien/courriel/approbations")).StatusCode);
        Assert.Contains("Connecté en tant que Superviseure Gagnon (superviseur)", WebUtility.HtmlDecode(await supervisor.Client.GetStringAsync("/soutien")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("CMQ-Employes")]
    [InlineData("cmq-soutien-agents")]
    [InlineData("CMQ-Soutien-Agents ")]
    public async Task SignIn_NoOrUnknownRoleValue_RefusedWithNoCookieAndNothingAudited(string value)
    {
        var (provider, app) = await StartAsync();
        await using var _ = provider;
        await using var __ = app;
        provider.Account = new StaffAccount("employe-oidc", "Employé sans rôle", value.Length == 0 ? [] : [value]);
        using var employee = new StaffOidcFlow(app, provider);

        var callback = await employee.SignInAsync();

        await employee.AssertRefusedAsync(callback);
    }

    [Fact]
    public async Task Callback_MemberCookie_SignsNobodyInAndTheConsoleStillChallenges()
    {
        var (provider, app) = await StartAsync();
        await using var _ = provider;
        await using var __ = app;
        using var member = new StaffOidcFlow(app, provider);
        await StaffBrowser.SignInAsMemberAsync(member.Client);

        // The member's own cookie is not a staff session: the console sends them to the provider, and the callback
        // without a provider's answer of its own signs nobody in.
        await member.ChallengeAsync();
        await member.AssertRefusedAsync(await member.Client.GetAsync("/soutien/signin-oidc"));
        await member.AssertRefusedAsync(await member.Client.GetAsync("/soutien/signin-oidc?code=abc&state=def"));
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync("/mon-compte")).StatusCode);
    }

    [Fact]
    public async Task Callback_Replayed_RefusedWithNoSecondSession()
    {
        var (provider, app) = await StartAsync();
        await using var _ = provider;
        await using var __ = app;
        using var agent = new StaffOidcFlow(app, provider);
        var callback = await agent.AuthorizeAsync(await agent.ChallengeAsync());
        // What a thief who saw the address and the flow's cookies holds.
        var stolen = new CookieContainer();
        stolen.Add(agent.Cookies.GetAllCookies());
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.GetAsync(callback)).StatusCode);

        // The agent's own browser again (its correlation cookie is spent), a stranger with the address only, and
        // the thief with the flow's cookies too (the provider redeems a code once).
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.GetAsync(callback)).StatusCode);
        using var stranger = new StaffOidcFlow(app, provider);
        await stranger.AssertRefusedAsync(await stranger.Client.GetAsync(callback), signInsBefore: 1);
        using var thief = new StaffOidcFlow(app, provider, stolen);
        var replay = await thief.Client.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
        Assert.False(thief.HasStaffCookie());
        await StaffOidcFlow.AssertStaffAuditAsync(app, signIns: 1);
    }

    [Fact]
    public async Task Callback_CodeIssuedToAnotherClient_RefusedWithNoCookie()
    {
        var (provider, app) = await StartAsync();
        await using var _ = provider;
        await using var __ = app;
        using var agent = new StaffOidcFlow(app, provider);
        var authorize = await agent.ChallengeAsync();
        var state = QueryHelpers.ParseQuery(authorize.Query)["state"].ToString();

        // A code the same provider issued, for the same account, to another application of the Collège.
        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var other = await agent.Client.GetAsync(QueryHelpers.AddQueryString(provider.Authority + "connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = StaffIdentityProvider.OtherClientId,
            ["redirect_uri"] = StaffIdentityProvider.OtherRedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile",
            ["code_challenge"] = Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["state"] = "autre",
        }));
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        var code = QueryHelpers.ParseQuery(other.Headers.Location!.Query)["code"].ToString();
        Assert.NotEmpty(code);

        var callback = await agent.Client.GetAsync(QueryHelpers.AddQueryString("/soutien/signin-oidc", new Dictionary<string, string?> { ["code"] = code, ["state"] = state }));

        await agent.AssertRefusedAsync(callback);
    }

    [Fact]
    public async Task SignOut_Posted_EndsTheStaffSessionAndTheProvidersThenLandsOnTheSignIn()
    {
        var (provider, app) = await StartAsync();
        await using var _ = provider;
        await using var __ = app;
        using var agent = new StaffOidcFlow(app, provider);
        Assert.Equal(HttpStatusCode.OK, (await agent.SignInAsync()).StatusCode);

        var signOut = await RecoveryWebFactory.PostFormAsync(agent.Client, "/soutien", new Dictionary<string, string>(), "/soutien/deconnexion");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.False(agent.HasStaffCookie());
        var endSession = signOut.Headers.Location!;
        Assert.StartsWith(provider.Authority + "connect/endsession?", endSession.AbsoluteUri);
        var back = await agent.Client.GetAsync(endSession);
        Assert.Equal(1, provider.EndedSessions);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith(app.BaseUrl + "/soutien/signout-callback-oidc?", back.Headers.Location!.AbsoluteUri);
        var landed = await agent.Client.GetAsync(back.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, landed.StatusCode);
        Assert.Equal("/soutien/connexion", landed.Headers.Location!.OriginalString);
        await agent.ChallengeAsync();
    }
}
