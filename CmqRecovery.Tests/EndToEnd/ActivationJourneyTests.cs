using System.Text.RegularExpressions;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// Issue 20 in a browser, in French on a 360 px phone: a member imported from the register is invited, opens the mail's
/// link, chooses three questions, then a password; nobody is signed in, and the new password signs in. The same link
/// afterwards says the account is already active. Every page passes axe and fits the phone.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ActivationJourneyTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Email = "hugo.lavoie@example.org";
    private const string NewPassword = "Ornithorynque-Violet-Soupir-42";

    [BrowserFact]
    public async Task Activation_InvitedMemberOnAPhone_ChoosesQuestionsThenPasswordThenSignsIn()
    {
        await using var session = await BrowserSession.StartAsync(browser, phone: true, width: PhoneLayout.Width, height: PhoneLayout.Height);
        var path = await InviteAsync(session);
        var ui = session.Driver;

        await ActivateAsync(ui, path, French);

        var again = await session.NewDriverAsync(PhoneLayout.Width, PhoneLayout.Height, phone: true);
        await again.Page.GotoAsync(path);
        await Expect(again.Alert("Votre compte est déjà activé")).ToBeVisibleAsync();
        await Expect(again.Link("Récupérer mon mot de passe")).ToBeVisibleAsync();
        await CheckPageAsync(again.Page, "activation, already active");
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task Activation_InEnglish_ChoosesQuestionsThenPasswordThenSignsIn()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var path = await InviteAsync(session);
        var ui = session.Driver;
        await ui.Page.GotoAsync("/connexion");
        await ui.SwitchLanguageAsync(UiText.English);

        await ActivateAsync(ui, path, English, phone: false);
        session.AssertNoServerErrors();
    }

    private sealed record Words(
        string Questions, string Answer, string AnswerAgain, string Continue, string Password, string Done, string SignIn, Func<SecurityQuestion, string> Text);

    private static readonly Words French = new(
        "Étape 1 de 2 : vos questions de sécurité", "Réponse", "Réponse, de nouveau", "Continuer", "Étape 2 de 2 : votre mot de passe", "Votre compte est activé.", "Se connecter", q => q.TextFr);

    private static readonly Words English = new(
        "Step 1 of 2: your security questions", "Answer", "Answer, again", "Continue", "Step 2 of 2: your password", "Your account is activated.", "Sign in", q => q.TextEn);

    /// <summary>The register's import and the invitation, through the app's own use cases; the mailed link's path.</summary>
    private async Task<string> InviteAsync(BrowserSession session)
    {
        var services = session.App.Services;
        var content = RegisterTestKit.Content($"R54321;Dr Hugo Lavoie;{Email}");
        Assert.True((await services.GetRequiredService<ImportRegister>().ExecuteAsync(new ImportRequest(content))).Passed);
        Assert.Equal(1, (await services.GetRequiredService<InviteMembers>().ExecuteAsync(newOnly: true)).Value!.Queued);
        var mail = await session.App.Smtp.WaitForMailToAsync(Email, services.GetRequiredService<RecoveryMails>().InvitationSubject);
        var link = Regex.Match(mail.Text!, @"https?://\S+/activation/[0-9a-f]{32}/[A-Za-z0-9_-]{43}").Value;
        output.WriteLine(link);
        return new Uri(link).PathAndQuery;
    }

    private static async Task ActivateAsync(RecoveryDriver ui, string path, Words words, bool phone = true)
    {
        await ui.Page.GotoAsync(path);
        await Expect(ui.Heading(words.Questions)).ToBeVisibleAsync();
        await Expect(ui.Page).ToHaveURLAsync(new Regex("/activation$")); // the token is out of the address bar
        await CheckPageAsync(ui.Page, "activation, questions", phone);
        foreach (var (id, answer) in new[] { (QuestionCatalogue.PrimarySchool, "Saint-Jean-Baptiste"), (QuestionCatalogue.ParentsCity, "Trois-Rivières"), (QuestionCatalogue.ChildhoodFriend, "Mathieu") })
        {
            var question = words.Text(QuestionCatalogue.All.Single(q => q.Id == id));
            await ui.Page.GetByRole(AriaRole.Checkbox, new() { Name = question, Exact = true }).CheckAsync();
            // The editor groups a question's two fields under its text: the labels are the same for every question.
            var answers = ui.Page.GetByRole(AriaRole.Group, new() { Name = question, Exact = true });
            await answers.GetByLabel(words.Answer, new() { Exact = true }).FillAsync(answer);
            await answers.GetByLabel(words.AnswerAgain, new() { Exact = true }).FillAsync(answer);
        }

        await CheckPageAsync(ui.Page, "activation, questions answered", phone);
        await ui.Button(words.Continue).ClickAsync();

        await Expect(ui.Heading(words.Password)).ToBeVisibleAsync();
        await CheckPageAsync(ui.Page, "activation, password", phone);
        await ui.ChoosePasswordAsync(NewPassword);

        await Expect(ui.Page.GetByText(words.Done)).ToBeVisibleAsync();
        Assert.DoesNotContain(NewPassword, await ui.Page.ContentAsync(), StringComparison.Ordinal);
        await CheckPageAsync(ui.Page, "activation, done", phone);
        await ui.Link(words.SignIn).ClickAsync();
        await ui.SignInAsync(null, NewPassword); // the link fills in the email
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
    }

    private static async Task CheckPageAsync(Microsoft.Playwright.IPage page, string what, bool phone = true)
    {
        await AxeCheck.AssertNoViolationsAsync(page, what);
        if (phone)
        {
            await PhoneLayout.AssertFitsAsync(page, what);
        }
    }
}
