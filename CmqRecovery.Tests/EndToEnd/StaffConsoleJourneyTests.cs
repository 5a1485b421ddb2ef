using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// The staff console in Chromium, in French on a 360 px phone and in English: the development provider's sign-in,
/// then « Trouver un membre » by exact email with a reason. Labels are written out (a lost label must fail), axe on each page.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StaffConsoleJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task FindMember_FrenchPhone_DevelopmentSignInThenTheMemberFound()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;

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
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task FindMember_English_DevelopmentSignInThenNoMemberForAPartialEmail()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
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
        session.AssertNoServerErrors();
    }
}
