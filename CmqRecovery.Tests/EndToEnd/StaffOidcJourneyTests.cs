using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// The console's sign-in through the Collège's provider in Chromium, which enforces what an HTTP client does not:
/// SameSite on the flow's cookies across the provider's cross-site redirects, the Strict staff cookie after them, and
/// the CSP's form-action along « Se déconnecter »'s redirect to the provider.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StaffOidcJourneyTests(BrowserFixture browser)
{
    private const string StaffCookie = "cmq.soutien";

    [BrowserFact]
    public async Task SignIn_SupportAgentFromTheIntranet_LandsWhereAskedLooksUpAMemberThenSignsOutEverywhere()
    {
        await using var provider = await StaffIdentityProvider.StartAsync();
        provider.Account = new StaffAccount("0b9e7c1a-agent", "Agente Côté", StaffIdentityProvider.SupportValue);
        await using var session = await BrowserSession.StartAsync(browser, provider.AppSettings());
        await provider.RegisterAppAsync(session.App.BaseUrl);
        await WarmAsync(session, provider);
        var ui = session.Driver;

        // From the Collège's intranet (another site): the chain to the callback starts cross-site, so only the
        // callback's own page, moving on by itself, gets the Strict staff cookie sent.
        await ui.Page.GotoAsync(provider.Authority.TrimEnd('/') + StaffIdentityProvider.PortalPath);
        await ui.Link("Console du soutien").ClickAsync();

        await Expect(ui.Heading("Trouver un membre")).ToBeVisibleAsync();
        await Expect(ui.Page.GetByText("Connecté en tant que Agente Côté (soutien)")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the console after the provider's sign-in");
        await ui.Field("Code d'utilisateur ou courriel").FillAsync(Journey.Physician.Email);
        await ui.Page.GetByLabel("Raison", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Le membre a appelé le soutien" });
        await ui.Button("Rechercher").ClickAsync();
        await Expect(ui.Heading(Journey.Physician.DisplayName)).ToBeVisibleAsync();
        await using (var db = session.App.NewDbContext())
        {
            var rows = await db.AuditEvents.Where(e => e.StaffId != null).OrderBy(e => e.Id).Select(e => new { e.Kind, e.StaffId, e.StaffReason }).ToListAsync();
            Assert.Equal(
                [new { Kind = AuditKind.StaffSignedIn, StaffId = (string?)"0b9e7c1a-agent", StaffReason = (string?)RecordStaffSession.ThroughProvider },
                 new { Kind = AuditKind.StaffMemberLookedUp, StaffId = (string?)"0b9e7c1a-agent", StaffReason = (string?)"MemberCalled" }],
                rows);
        }

        await ui.Button("Se déconnecter").ClickAsync();

        await Expect(ui.Heading("Connexion du personnel")).ToBeVisibleAsync();
        Assert.Equal(1, provider.EndedSessions);
        await using (var db = session.App.NewDbContext())
        {
            var kinds = await db.AuditEvents.Where(e => e.StaffId == "0b9e7c1a-agent").OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
            Assert.Equal([AuditKind.StaffSignedIn, AuditKind.StaffMemberLookedUp, AuditKind.StaffSignedOut], kinds);
        }

        Assert.DoesNotContain(await ui.Page.Context.CookiesAsync(), c => c.Name == StaffCookie);
        session.AssertNoServerErrors();
    }

    /// <summary>
    /// The app's first challenge fetches the provider's metadata and keys (cached after): done once here, over HTTP, so
    /// the browser's navigation timeout measures the journey, not two cold hosts on a loaded machine.
    /// </summary>
    private static async Task WarmAsync(BrowserSession session, StaffIdentityProvider provider)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var challenge = await http.GetAsync(session.App.BaseUrl + "/soutien");
        Assert.StartsWith(provider.Authority + "connect/authorize?", challenge.Headers.Location!.AbsoluteUri);
    }

    [BrowserFact]
    public async Task SignIn_AccountWithoutAStaffValue_RefusedWithNoStaffCookie()
    {
        await using var provider = await StaffIdentityProvider.StartAsync();
        provider.Account = new StaffAccount("employe-9", "Employé Roy", "CMQ-Employes");
        await using var session = await BrowserSession.StartAsync(browser, provider.AppSettings());
        await provider.RegisterAppAsync(session.App.BaseUrl);
        await WarmAsync(session, provider);

        var landed = await session.Page.GotoAsync("/soutien");

        Assert.Equal(403, landed!.Status);
        Assert.StartsWith(session.App.BaseUrl + "/soutien/signin-oidc?", landed.Url);
        Assert.DoesNotContain(await session.Page.Context.CookiesAsync(), c => c.Name == StaffCookie);
        await using var db = session.App.NewDbContext();
        Assert.Empty(await db.AuditEvents.Where(e => e.StaffId != null).ToListAsync());
    }
}
