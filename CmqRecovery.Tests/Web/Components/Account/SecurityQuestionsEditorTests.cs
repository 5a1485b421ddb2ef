using Bunit;
using CmqRecovery.Core;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Questions;
using CmqRecovery.Tests.Core.Account;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Account;
using Microsoft.AspNetCore.Components;

namespace CmqRecovery.Tests.Web.Components.Account;

/// <summary>The questions editor over the real ReplaceSecurityQuestions: boxes ticked, answers typed twice, saved or refused in words.</summary>
public abstract class SecurityQuestionsEditorTests : WebComponentTest
{
    private static readonly (int Id, string Answer)[] Three = [(4, "Pacha le chat"), (5, "Sherbrooke"), (7, "Civic deux mille")];

    protected override IDictionary<string, string?>? HostSettings => new Dictionary<string, string?>
    {
        ["RateLimits:Account:PermitLimit"] = "2",
        ["RateLimits:Account:Window"] = "00:10:00",
    };

    private async Task<(IRenderedComponent<SecurityQuestionsEditor> Cut, Guid MemberId, Func<bool> Saved)> RenderAsync()
    {
        var marie = await AddMarieAsync();
        var session = await Host.SignedInAsync(marie);
        var saved = false;
        var cut = Context.Render<SecurityQuestionsEditor>(p => p
            .Add(c => c.Save, (answers, progress) =>
                Host.Get<ReplaceSecurityQuestions>().ExecuteAsync(session, null, answers, RecoverySteps.Client, progress))
            .Add(c => c.Saved, EventCallback.Factory.Create(this, () => saved = true)));
        return (cut, marie.Id, () => saved);
    }

    private static async Task ChooseAsync(IRenderedComponent<SecurityQuestionsEditor> cut, (int Id, string Answer)[] answers)
    {
        foreach (var (id, _) in answers)
        {
            await cut.Find($"#question-{id} input[type=checkbox], input[type=checkbox]#question-{id}").ChangeAsync(new ChangeEventArgs { Value = true });
        }

        foreach (var (id, answer) in answers)
        {
            await TypeAsync(cut, $"answer-{id}", answer);
            await TypeAsync(cut, $"answer-{id}-again", answer);
        }
    }

    [DatabaseFact]
    public async Task Save_ThreeQuestionsAnsweredTwice_StoresThemAndTellsThePage()
    {
        var (cut, memberId, saved) = await RenderAsync();

        await ChooseAsync(cut, Three);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.True(saved()));
        var stored = await Host.Get<ReadSecurityQuestions>().ExecuteAsync(memberId);
        Assert.Equal(new[] { 4, 5, 7 }, stored.Select(q => q.QuestionId));
        Assert.Empty(cut.FindAll("[role=alert] .mud-alert"));
    }

    [DatabaseFact]
    public async Task Save_TwoAnswersAlike_SaysWhichInWordsAndStoresNothing()
    {
        var (cut, memberId, saved) = await RenderAsync();
        var before = await Host.StoredAsync(memberId);

        await ChooseAsync(cut, [(4, "Sherbrooke"), (5, "Sherbrooke"), (7, "Civic deux mille")]);
        await SubmitAsync(cut);

        var question = QuestionCatalogue.All.Single(q => q.Id == 5).TextFr;
        cut.WaitForAssertion(() => Assert.Contains(Text("AnswerRefusalSameAsAnother", question), cut.Find("#questions-problems").TextContent));
        Assert.False(saved());
        Assert.Equal(before, await Host.StoredAsync(memberId));
    }

    [DatabaseFact]
    public async Task Save_PastTheAccountBudget_SaysHowLongToWaitInEnglishAndStoresNothing()
    {
        UseCulture("en-CA");
        var (cut, memberId, saved) = await RenderAsync();
        var before = await Host.StoredAsync(memberId);
        await ChooseAsync(cut, [(4, "ab"), (5, "Sherbrooke"), (7, "Civic deux mille")]);
        for (var i = 0; i < 2; i++)
        {
            await SubmitAsync(cut);
            cut.WaitForElement("#questions-problems");
        }

        await ChooseAsync(cut, []);
        await TypeAsync(cut, "answer-4", "Pacha le chat");
        await TypeAsync(cut, "answer-4-again", "Pacha le chat");
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorTooManyAttemptsMinutes", 10), cut.Find("#questions-error").TextContent.Trim()));
        Assert.Equal("Too many attempts. Try again in 10 minutes.", Text("ErrorTooManyAttemptsMinutes", 10));
        Assert.False(saved());
        Assert.Equal(before, await Host.StoredAsync(memberId));
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class SecurityQuestionsEditorTestsOnSqlite : SecurityQuestionsEditorTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class SecurityQuestionsEditorTestsOnPostgreSql : SecurityQuestionsEditorTests;
