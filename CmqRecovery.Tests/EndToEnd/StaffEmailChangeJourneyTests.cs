using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// Four eyes in Chromium, two staff sessions (two browser contexts): agent1 proposes a member's new email on a 360 px
/// phone in French, superviseur1 approves it; then the member's recovery with the new email reaches the masked-email
/// step showing the new address. In English: the console's new pages, with axe.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class StaffEmailChangeJourneyTests(BrowserFixture browser)
{
    private const string NewEmail = "nouvelle.adresse@exemple.qc.ca";

    [BrowserFact]
    public async Task EmailChange_FrenchPhone_AgentProposesSupervisorApprovesRecoveryShowsTheNewAddress()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var agent = session.Driver;
        await agent.Page.GotoAsync("/soutien");
        await agent.Button("Se connecter comme agent1 (soutien)").TapAsync();
        await Expect(agent.Heading("Console du soutien")).ToBeVisibleAsync();
        await agent.Link("Proposer un nouveau courriel").TapAsync();

        await Expect(agent.Heading("Proposer un nouveau courriel")).ToBeVisibleAsync();
        await agent.Field("Code d'utilisateur ou courriel").FillAsync(Journey.Physician.UserCode);
        await agent.Field("Nouveau courriel").FillAsync(NewEmail);
        await agent.Page.GetByLabel("Vérification faite", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Pièce d'identité vue" });
        await agent.Field("Note sur la vérification").FillAsync("Permis vu en vidéo");
        await AxeCheck.AssertNoViolationsAsync(agent.Page, "the email change proposal");
        await PhoneLayout.AssertFitsAsync(agent.Page, "the email change proposal");
        await agent.Button("Proposer").TapAsync();
        await Expect(agent.Alert("Proposition enregistrée")).ToBeVisibleAsync();

        var supervisor = await session.NewDriverAsync(PhoneLayout.Width, PhoneLayout.Height, phone: true);
        await supervisor.Page.GotoAsync("/soutien");
        await supervisor.Button("Se connecter comme superviseur1 (superviseur)").TapAsync();
        await Expect(supervisor.Heading("Console du soutien")).ToBeVisibleAsync();
        await supervisor.Link("Courriels à approuver").TapAsync();
        await Expect(supervisor.Page.Locator("#email-change-proposals")).ToContainTextAsync(NewEmail);
        await AxeCheck.AssertNoViolationsAsync(supervisor.Page, "the proposals to approve");
        await PhoneLayout.AssertFitsAsync(supervisor.Page, "the proposals to approve");
        await supervisor.Button($"Approuver le nouveau courriel de {Journey.Physician.DisplayName}").TapAsync();
        await Expect(supervisor.Alert("Approuvé : le courriel du membre est changé")).ToBeVisibleAsync();

        var member = await session.NewDriverAsync();
        await member.OpenRecoveryAsync();
        await member.IdentifyAsync(NewEmail);
        await member.AnswerQuestionsAsync();
        await Expect(member.Page.GetByText(member.Text.EmailQuestion)).ToBeVisibleAsync();
        await Expect(member.Page.GetByText(EmailAddress.Mask(NewEmail), new() { Exact = true })).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task ConsolePages_English_SupervisorSeesEachPageWithoutViolations()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.Page.GotoAsync("/soutien");
        await ui.SwitchLanguageAsync(UiText.English);
        await ui.Button("Sign in as superviseur1 (supervisor)").ClickAsync();
        await Expect(ui.Heading("Support console")).ToBeVisibleAsync();

        await ui.Link("Propose a new email").ClickAsync();
        await Expect(ui.Heading("Propose a new email")).ToBeVisibleAsync();
        await ui.Button("Propose").ClickAsync();
        await Expect(ui.Alert("Choose the verification you did.")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "a proposal refused, in English");

        await ui.Page.GotoAsync("/soutien/courriel/approbations");
        await Expect(ui.Page.GetByText("No pending proposal.")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "no proposal, in English");
        await ui.Page.GotoAsync("/soutien/reponses-non");
        await Expect(ui.Heading("“No” answers")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the “No” answers, in English");
        await ui.Page.GotoAsync("/soutien/journal");
        await Expect(ui.Heading("Audit log")).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the audit log, in English");
        session.AssertNoServerErrors();
    }
}
