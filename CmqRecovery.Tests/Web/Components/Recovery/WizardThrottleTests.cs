using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Pages;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// Past a per-IP limit the wizard says so inline (role=alert), in the client's language, with the wait in minutes;
/// the step stays usable and nothing was counted.
/// </summary>
public abstract class WizardThrottleTests : WebComponentTest
{
    protected override IDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["RateLimits:Identify:PermitLimit"] = "1",
        ["RateLimits:Identify:Window"] = "00:10:00",
        ["RateLimits:AnswerCheck:PermitLimit"] = "1",
        ["RateLimits:AnswerCheck:Window"] = "00:10:00",
        ["RateLimits:LinkOpen:PermitLimit"] = "1",
        ["RateLimits:LinkOpen:Window"] = "00:10:00",
    };

    [DatabaseFact]
    public async Task Identify_PastTheLimit_SaysTooManyAttemptsAndTheStepStaysAlive()
    {
        await AddMarieAsync();
        var cut = RenderIdentifyStep();
        await SubmitIdentifierAsync(cut, "user-code", "54321", "00000");
        cut.WaitForAssertion(() => Assert.Contains("chiffres", AlertText(cut)));
        var before = await Host.TakeAsync();

        await TypeAsync(cut, "captcha", TestHostSettings.CaptchaCode);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorTooManyAttemptsMinutes", 10), AlertText(cut)));
        Assert.Equal(StepTable.Identify, State.Step);
        Assert.Equal(before, await Host.TakeAsync());
        // Still alive: a new image is drawn on request and the alert goes away.
        await Button(cut, "CaptchaNewImage").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Null(AlertText(cut)));
        Assert.NotEmpty(cut.FindAll("img.captcha-image"));
    }

    [DatabaseFact]
    public async Task CheckAnswers_PastTheLimitInEnglish_SaysTooManyAttemptsInEnglishAndCountsNothing()
    {
        UseCulture("en-CA");
        var marie = await AddMarieAsync();
        var subject = (await Host.IdentifyAsync(userCode: marie.UserCode)).Value!;
        State.GoTo(StepTable.Questions, subject);
        var cut = Context.Render<QuestionsStep>();
        await TypeAnswersAsync(cut, ("non", "non"));
        await SubmitAsync(cut);
        cut.WaitForAssertion(() => Assert.NotNull(AlertText(cut)));
        var before = await Host.TakeAsync();

        await TypeAnswersAsync(cut, RecoverySteps.CorrectAnswers(subject));
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorTooManyAttemptsMinutes", 10), AlertText(cut)));
        Assert.Equal(StepTable.Questions, State.Step);
        Assert.Equal(before, await Host.TakeAsync());
        Assert.Equal(2, cut.FindAll("input").Count); // the same questions stay, ready for later
    }

    [DatabaseFact]
    public async Task OpenLink_PastTheLimit_SaysTooManyAttemptsAndKeepsTheLinkInTheAddress()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        var wrong = Context.Render<ResetPage>(p => p.Add(c => c.Id, request.Id).Add(c => c.Token, RecoveryTokens.NewToken()));
        wrong.WaitForAssertion(() => Assert.Equal(StepTable.LinkInvalid, State.Step));
        navigation.NavigateTo($"/reinitialisation/{request.Id}/{token}");
        var before = await Host.TakeAsync();

        var cut = Context.Render<ResetPage>(p => p.Add(c => c.Id, request.Id).Add(c => c.Token, token));

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorTooManyAttemptsMinutes", 10), AlertText(cut)));
        Assert.Equal(StepTable.LinkChecking, State.Step);
        Assert.EndsWith(token, navigation.Uri, StringComparison.Ordinal);
        Assert.Equal(before, await Host.TakeAsync());
    }

    [DatabaseFact]
    public async Task OpenLink_Valid_ReplacesTheAddressWithoutTheToken()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"/reinitialisation/{request.Id}/{token}");

        var cut = Context.Render<ResetPage>(p => p.Add(c => c.Id, request.Id).Add(c => c.Token, token));

        // The step changes (and renders) before the page replaces the address: wait for both.
        cut.WaitForAssertion(() =>
        {
            Assert.Equal(StepTable.LinkQuestions, State.Step);
            Assert.Equal("http://localhost/reinitialisation", navigation.Uri);
        });
        var replaced = Context.Services.GetRequiredService<Bunit.TestDoubles.BunitNavigationManager>().History.First();
        Assert.True(replaced.Options.ReplaceHistoryEntry);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class WizardThrottleTestsOnSqlite : WizardThrottleTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class WizardThrottleTestsOnPostgreSql : WizardThrottleTests;
