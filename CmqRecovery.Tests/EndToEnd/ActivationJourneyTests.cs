using System.Text.RegularExpressions;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
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
        var services = session.App.Services;
        var content = RegisterTestKit.Content($"R54321;Dr Hugo Lavoie;{Email}");
        Assert.True((await services.GetRequiredService<ImportRegister>().ExecuteAsync(new ImportRequest(content))).Passed);
        Assert.Equal(1, (await services.GetRequiredService<InviteMembers>().ExecuteAsync(newOnly: true)).Value!.Queued);
        var mail = await session.App.Smtp.WaitForMailToAsync(Email, services.GetRequiredService<RecoveryMails>().InvitationSubject);
        var link = Regex.Match(mail.Text!, @"https?://\S+/activation/[0-9a-f]{32}/[A-Za-z0-9_-]{43}").Value;
        var path = new Uri(link).PathAndQuery;
        var ui = session.Driver;

        await ui.Page.GotoAsync(path);
        await Expect(ui.Heading("Étape 1 de 2 : vos questions de sécurité")).ToBeVisibleAsync();
        await Expect(ui.Page).ToHaveURLAsync(new Regex("/activation$")); // the token is out of the address bar
        await CheckPageAsync(ui.Page, "activation, questions");
        foreach (var (id, answer) in new[] { (QuestionCatalogue.PrimarySchool, "Saint-Jean-Baptiste"), (QuestionCatalogue.ParentsCity, "Trois-Rivières"), (QuestionCatalogue.ChildhoodFriend, "Mathieu") })
        {
            await ui.Page.GetByLabel(QuestionCatalogue.All.Single(q => q.Id == id).TextFr, new() { Exact = true }).CheckAsync();
            await ui.Page.Locator($"#answer-{id}").FillAsync(answer);
            await ui.Page.Locator($"#answer-{id}-confirmation").FillAsync(answer);
        }

        await CheckPageAsync(ui.Page, "activation, questions answered");
        await ui.Button("Continuer").ClickAsync();

        await Expect(ui.Heading("Étape 2 de 2 : votre mot de passe")).ToBeVisibleAsync();
        await CheckPageAsync(ui.Page, "activation, password");
        await ui.ChoosePasswordAsync(NewPassword);

        await Expect(ui.Page.GetByText("Votre compte est activé.")).ToBeVisibleAsync();
        Assert.DoesNotContain(NewPassword, await ui.Page.ContentAsync(), StringComparison.Ordinal);
        await CheckPageAsync(ui.Page, "activation, done");
        await ui.Link("Se connecter").ClickAsync();
        await ui.SignInAsync(null, NewPassword); // the link fills in the email
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();

        var again = await session.NewDriverAsync(PhoneLayout.Width, PhoneLayout.Height, phone: true);
        await again.Page.GotoAsync(path);
        await Expect(again.Alert("Votre compte est déjà activé")).ToBeVisibleAsync();
        await Expect(again.Link("Récupérer mon mot de passe")).ToBeVisibleAsync();
        await CheckPageAsync(again.Page, "activation, already active");
        output.WriteLine(link);
        session.AssertNoServerErrors();
    }

    private static async Task CheckPageAsync(Microsoft.Playwright.IPage page, string what)
    {
        await AxeCheck.AssertNoViolationsAsync(page, what);
        await PhoneLayout.AssertFitsAsync(page, what);
    }
}
