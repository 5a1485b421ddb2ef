using CmqRecovery.Core.Questions;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// « Mes questions de sécurité » on a 360 px phone, every control tapped: a weak answer is refused in words, the
/// page asks for the current password once the sign-in is not recent, the new questions are saved, and the next
/// recovery asks the new questions and takes the new answers.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccountQuestionsJourneyTests(BrowserFixture browser)
{
    private static readonly (int Id, string Answer)[] NewAnswers = [(4, "Pacha le chat"), (5, "Sherbrooke"), (7, "Civic deux mille")];

    [BrowserFact]
    public Task ReplaceQuestions_FrenchPhoneSignInNotRecent_AsksForThePasswordThenRecoveryTakesTheNewAnswers() =>
        ReplaceOnPhoneAsync(UiText.French, recentWindow: "00:00:00");

    [BrowserFact]
    public Task ReplaceQuestions_EnglishPhoneRecentSignIn_SavesThenRecoveryTakesTheNewAnswers() =>
        ReplaceOnPhoneAsync(UiText.English, recentWindow: null);

    private async Task ReplaceOnPhoneAsync(UiText language, string? recentWindow)
    {
        var settings = new Dictionary<string, string?> { ["Account:RecentPasswordWindow"] = recentWindow ?? "00:05:00" };
        await using var session = await BrowserSession.StartAsync(browser, settings, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        var text = AccountText.For(language);
        var member = Journey.Physician;

        await ui.Page.GotoAsync(Routes.SignIn);
        if (language != UiText.French)
        {
            await ui.Link(language.SwitchTo).TapAsync();
            ui.Text = language;
            await Expect(ui.Link(UiText.French.SwitchTo)).ToBeVisibleAsync();
        }

        await ui.SignInAsync(member.Email, Journey.OldPassword);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        await ui.Page.GotoAsync(Routes.AccountQuestions);
        await Expect(ui.Heading(text.QuestionsTitle)).ToBeVisibleAsync();
        // The editor's controls come alive with the circuit; the page is judged as a person uses it.
        await Expect(ui.Button(text.SaveQuestions)).ToBeEnabledAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the questions page");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the questions page at 360 px");

        foreach (var (id, _) in NewAnswers)
        {
            await ui.Page.GetByRole(AriaRole.Checkbox, new() { Name = QuestionText(id, language), Exact = true }).TapAsync();
        }

        // A weak answer first: refused in words, nothing saved.
        await TypeAnswersAsync(ui.Page, weakSecond: true);
        await ui.Button(text.SaveQuestions).TapAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = text.TooShort })).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the questions page with a refusal");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the questions page with a refusal");

        await TypeAnswersAsync(ui.Page, weakSecond: false);
        await ui.Button(text.SaveQuestions).TapAsync();
        if (recentWindow is not null)
        {
            await Expect(ui.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = text.PasswordNeeded })).ToBeVisibleAsync();
            await ui.Field(text.CurrentPassword).FillAsync(Journey.OldPassword);
            await ui.Button(text.SaveQuestions).TapAsync();
        }

        await Expect(ui.Page.GetByText(text.QuestionsSaved)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the questions saved");

        // The next recovery asks two of the new questions and takes the new answers.
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync(member.UserCode);
        var shown = await ui.ShownQuestionsAsync();
        Assert.All(shown, q => Assert.Contains(q, NewAnswers.Select(a => QuestionText(a.Id, language))));
        foreach (var question in shown)
        {
            await ui.Field(question).FillAsync(NewAnswers.Single(a => QuestionText(a.Id, language) == question).Answer);
        }

        await ui.SubmitButton.TapAsync();
        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }

    private static async Task TypeAnswersAsync(IPage page, bool weakSecond)
    {
        for (var i = 0; i < NewAnswers.Length; i++)
        {
            var (id, answer) = NewAnswers[i];
            var typed = weakSecond && i == 1 ? "ab" : answer;
            await page.Locator($"#answer-{id}").FillAsync(typed);
            await page.Locator($"#answer-{id}-again").FillAsync(typed);
        }
    }

    private static string QuestionText(int id, UiText language)
    {
        var question = QuestionCatalogue.All.Single(q => q.Id == id);
        return language == UiText.English ? question.TextEn : question.TextFr;
    }
}
