using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Staff;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// The staff console in Chromium, in French on a 360 px phone and in English: the development provider's sign-in,
/// then « Trouver un membre » by exact email with a reason, the member's recovery status, and lifting the member's
/// recovery suspension. Labels are written out (a lost label must fail), axe on each page.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StaffConsoleJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task FindMember_FrenchPhone_DevelopmentSignInThenTheMemberFoundTheStatusAndTheSuspensionLifted()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        await SuspendPhysicianAsync(session);

        await ui.Page.GotoAsync("/soutien");
        await Expect(ui.Heading("Connexion du personnel")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the staff sign-in");
        await PhoneLayout.AssertFitsAsync(ui.Page, "the staff sign-in");
        await ui.Button("Se connecter comme agent1 (soutien)").TapAsync();

        await Expect(ui.Heading("Console du soutien")).ToBeVisibleAsync();
        await Expect(ui.Page.GetByText("Connecté en tant que Agent 1 (soutien)")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the console's home");
        await ui.Link("Trouver un membre").TapAsync();

        await Expect(ui.Heading("Trouver un membre")).ToBeVisibleAsync();
        await ui.Field("Code d'utilisateur ou courriel").FillAsync(Journey.Physician.Email);
        await ui.Page.GetByLabel("Raison", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Le membre a appelé le soutien" });
        await ui.Button("Rechercher").TapAsync();

        await Expect(ui.Heading(Journey.Physician.DisplayName)).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#found-member")).ToContainTextAsync(Journey.Physician.UserCode);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "a member found");
        await PhoneLayout.AssertFitsAsync(ui.Page, "a member found");
        await ui.Button("Voir l'état de la récupération").TapAsync();

        await Expect(ui.Heading("État de la récupération")).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#status-suspensions")).ToContainTextAsync("Par code d'utilisateur : suspendu jusqu'au");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "a member's recovery status");
        await PhoneLayout.AssertFitsAsync(ui.Page, "a member's recovery status");
        var lift = ui.Page.Locator("#lift-suspension");
        await lift.GetByLabel("Raison", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Le membre a appelé le soutien" });
        await lift.GetByRole(AriaRole.Button, new() { Name = "Lever la suspension de la récupération", Exact = true }).TapAsync();

        await Expect(ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "La suspension est levée. Un courriel en informe le membre." })).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#status-suspensions")).ToHaveTextAsync("Aucune suspension en cours.");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "a suspension lifted");
        await PhoneLayout.AssertFitsAsync(ui.Page, "a suspension lifted");
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task FindMember_English_NoMemberForAPartialEmailThenTheStatusAndTheSuspensionLifted()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await SuspendPhysicianAsync(session);
        await ui.Page.GotoAsync("/soutien");
        await ui.SwitchLanguageAsync(UiText.English);

        await Expect(ui.Heading("Staff sign-in")).ToBeVisibleAsync();
        await ui.Button("Sign in as superviseur1 (supervisor)").ClickAsync();
        await Expect(ui.Heading("Support console")).ToBeVisibleAsync();
        await ui.Link("Find a member").ClickAsync();

        await ui.Field("User code or email").FillAsync("x" + Journey.Physician.Email);
        await ui.Page.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "The member called support" });
        await ui.Button("Search").ClickAsync();

        await Expect(ui.Alert("No member has exactly this user code or email.")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "no member found, in English");

        await ui.Field("User code or email").FillAsync(Journey.Physician.Email);
        await ui.Page.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "The member wrote to the Collège" });
        await ui.Button("Search").ClickAsync();
        await ui.Button("View the recovery status").ClickAsync();

        await Expect(ui.Heading("Recovery status")).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#status-suspensions")).ToContainTextAsync("By user code: suspended until");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "a member's recovery status, in English");
        var lift = ui.Page.Locator("#lift-suspension");
        await lift.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "The member wrote to the Collège" });
        await lift.GetByRole(AriaRole.Button, new() { Name = "Lift the recovery suspension", Exact = true }).ClickAsync();

        await Expect(ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The suspension is lifted. A mail tells the member." })).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#status-suspensions")).ToHaveTextAsync("No suspension in force.");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "a suspension lifted, in English");
        session.AssertNoServerErrors();
    }

    /// <summary>Five wrong answers by user code, as a stranger would give: the physician's recovery is suspended.</summary>
    private static async Task SuspendPhysicianAsync(BrowserSession session)
    {
        Member member;
        await using (var db = session.App.NewDbContext())
        {
            member = await db.Members.SingleAsync(m => m.UserCode == Journey.Physician.UserCode);
        }

        var counters = await MemberCounters.ForAsync(session.App.Services.GetRequiredService<ServerKeys>(), member, CancellationToken.None);
        var policy = session.App.Services.GetRequiredService<IOptions<RecoveryOptions>>().Value.SuspensionPolicy;
        for (var i = 0; i < policy.LockAfter; i++)
        {
            await session.App.Services.GetRequiredService<AttemptLimiter>().ReserveAsync(counters.Suspensions[SuspensionSubject.UserCode], policy);
        }
    }
}
