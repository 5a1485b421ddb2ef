using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>A member without questions signs in, is sent to choose them (« Mon compte » cannot be skipped to), enrols, then recovers.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EnrolmentJourneyTests(BrowserFixture browser)
{
    [BrowserFact]
    public Task SignIn_MemberWithoutQuestions_IsSentToEnrolThenRecovers() => EnrolOnPhoneAsync(UiText.French);

    [BrowserFact]
    public Task SignIn_EnglishMemberWithoutQuestions_IsSentToEnrolThenRecovers() => EnrolOnPhoneAsync(UiText.English);

    private async Task EnrolOnPhoneAsync(UiText language)
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        var member = Journey.Resident;
        await using (var db = session.App.NewDbContext())
        {
            var id = await db.Members.Where(m => m.UserCode == member.UserCode).Select(m => m.Id).SingleAsync();
            await db.AnswerPairHashes.Where(p => p.MemberId == id).ExecuteDeleteAsync();
            await db.MemberQuestions.Where(q => q.MemberId == id).ExecuteDeleteAsync();
        }

        var text = AccountText.For(language);
        await ui.Page.GotoAsync(Routes.SignIn);
        if (language != UiText.French)
        {
            await ui.SwitchLanguageAsync(language);
        }

        await ui.SignInAsync(member.Email, Journey.OldPassword);
        await Expect(ui.Page.GetByText(text.Enrol)).ToBeVisibleAsync();
        await Expect(ui.Button(text.SaveQuestions)).ToBeEnabledAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the enrolment page");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the enrolment page at 360 px");
        await ui.Page.GotoAsync(Routes.Account);
        await Expect(ui.Page.GetByText(text.Enrol)).ToBeVisibleAsync();

        (int Id, string Answer)[] answers = [(4, "Pacha le chat"), (5, "Sherbrooke"), (7, "Civic deux mille")];
        foreach (var (id, answer) in answers)
        {
            await ui.Page.GetByRole(AriaRole.Checkbox, new() { Name = QuestionText(id, language), Exact = true }).TapAsync();
            await ui.Page.Locator($"#answer-{id}").FillAsync(answer);
            await ui.Page.Locator($"#answer-{id}-again").FillAsync(answer);
        }

        await ui.Button(text.SaveQuestions).TapAsync();
        await Expect(ui.Page.GetByText(text.QuestionsSaved)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the questions saved at 360 px");
        await ui.Page.GotoAsync(Routes.Account);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();

        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync(member.UserCode);
        foreach (var question in await ui.ShownQuestionsAsync())
        {
            await ui.Field(question).FillAsync(answers.Single(a => QuestionText(a.Id, language) == question).Answer);
        }

        await ui.SubmitButton.TapAsync();
        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }

    private static string QuestionText(int id, UiText language)
    {
        var question = QuestionCatalogue.All.Single(q => q.Id == id);
        return language == UiText.English ? question.TextEn : question.TextFr;
    }
}
