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
    public async Task SignIn_MemberWithoutQuestions_IsSentToEnrolThenRecovers()
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

        await ui.Page.GotoAsync(Routes.SignIn);
        await ui.SignInAsync(member.Email, Journey.OldPassword);
        await Expect(ui.Page.GetByText(AccountText.French.Enrol)).ToBeVisibleAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the enrolment page at 360 px");
        await ui.Page.GotoAsync(Routes.Account);
        await Expect(ui.Page.GetByText(AccountText.French.Enrol)).ToBeVisibleAsync();

        (int Id, string Answer)[] answers = [(4, "Pacha le chat"), (5, "Sherbrooke"), (7, "Civic deux mille")];
        foreach (var (id, answer) in answers)
        {
            await ui.Page.GetByRole(AriaRole.Checkbox, new() { Name = QuestionCatalogue.All.Single(q => q.Id == id).TextFr, Exact = true }).TapAsync();
            await ui.Page.Locator($"#answer-{id}").FillAsync(answer);
            await ui.Page.Locator($"#answer-{id}-again").FillAsync(answer);
        }

        await ui.Button(AccountText.French.SaveQuestions).TapAsync();
        await Expect(ui.Page.GetByText(AccountText.French.QuestionsSaved)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await ui.Page.GotoAsync(Routes.Account);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();

        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync(member.UserCode);
        foreach (var question in await ui.ShownQuestionsAsync())
        {
            await ui.Field(question).FillAsync(answers.Single(a => QuestionCatalogue.All.Single(q => q.Id == a.Id).TextFr == question).Answer);
        }

        await ui.SubmitButton.TapAsync();
        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }
}
