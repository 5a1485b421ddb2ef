using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Recovery.Steps;

public abstract class QuestionsStepTests : WebComponentTest
{
    private async Task<RecoverySubject> StandAtQuestionsAsync(string? email = null, string? userCode = null)
    {
        var identified = await Host.IdentifyAsync(email, userCode);
        State.GoTo(StepTable.Questions, identified.Value!);
        return identified.Value!;
    }

    /// <summary>Marie's link opened, as after the mailed link: the wizard stands at the second check.</summary>
    private async Task<(string RequestId, OpenedLink Link)> StandAtLinkQuestionsAsync()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        var opened = await Host.Get<OpenLink>().ExecuteAsync(request.Id, token, RecoverySteps.Client);
        State.Start(StepTable.LinkChecking);
        State.GoTo(StepTable.LinkQuestions, opened.Value!);
        return (request.Id, opened.Value!);
    }

    [DatabaseFact]
    public async Task Render_French_LabelsAreTheTwoDrawnQuestions()
    {
        var marie = await AddMarieAsync();
        var subject = await StandAtQuestionsAsync(userCode: marie.UserCode);

        var cut = Context.Render<QuestionsStep>();

        Assert.Equal(Text("StepQuestions"), cut.Find("h2").TextContent.Trim());
        Assert.Equal(subject.First.TextFr, LabelOf(cut, "answer-1"));
        Assert.Equal(subject.Second.TextFr, LabelOf(cut, "answer-2"));
        // Paste and password managers stay allowed: no autocomplete=off, no paste blocking.
        Assert.Null(cut.Find("#answer-1").GetAttribute("autocomplete"));
        Assert.Null(cut.Find("#answer-1").GetAttribute("onpaste"));
        Assert.Equal(Text("Submit"), cut.Find("button[type=submit]").TextContent.Trim());
    }

    [DatabaseFact]
    public async Task Render_English_LabelsAreTheEnglishQuestions()
    {
        UseCulture("en-CA");
        var marie = await AddMarieAsync();
        var subject = await StandAtQuestionsAsync(userCode: marie.UserCode);

        var cut = Context.Render<QuestionsStep>();

        Assert.Equal(Text("StepQuestions"), cut.Find("h2").TextContent.Trim());
        Assert.Equal(subject.First.TextEn, LabelOf(cut, "answer-1"));
        Assert.Equal(subject.Second.TextEn, LabelOf(cut, "answer-2"));
    }

    [DatabaseFact]
    public async Task Submit_RightAnswers_MovesToEmailConfirmation()
    {
        var marie = await AddMarieAsync();
        var subject = await StandAtQuestionsAsync(userCode: marie.UserCode);
        var cut = Context.Render<QuestionsStep>();

        await TypeAnswersAsync(cut, RecoverySteps.CorrectAnswers(subject));
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.ConfirmEmail, State.Step));
        Assert.Equal("m*****y@example.org", State.Proof<VerifiedIdentity>().MaskedEmail);
        Assert.Null(State.Peek<RecoverySubject>());
    }

    [DatabaseFact]
    public async Task Submit_WrongAnswers_SameMessageForMemberAndUnknownIdentifier()
    {
        var marie = await AddMarieAsync();
        await StandAtQuestionsAsync(userCode: marie.UserCode);
        var memberCut = Context.Render<QuestionsStep>();
        await TypeAnswersAsync(memberCut, ("Montréal", "Sophie"));
        await SubmitAsync(memberCut);
        memberCut.WaitForAssertion(() => Assert.NotNull(AlertText(memberCut)));
        var memberMessage = AlertText(memberCut);

        await StandAtQuestionsAsync(userCode: "99999");
        var unknownCut = Context.Render<QuestionsStep>();
        await TypeAnswersAsync(unknownCut, ("Montréal", "Sophie"));
        await SubmitAsync(unknownCut);
        unknownCut.WaitForAssertion(() => Assert.NotNull(AlertText(unknownCut)));

        Assert.Equal(Text("ErrorAnswers"), memberMessage);
        Assert.Equal(memberMessage, AlertText(unknownCut));
        Assert.Equal(StepTable.Questions, State.Step);
        Assert.Null(State.Peek<VerifiedIdentity>());
        await using var db = Host.NewDbContext();
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.AnswersPassed));
    }

    [DatabaseFact]
    public async Task Submit_FifthWrongAnswers_ShowsSuspension()
    {
        var marie = await AddMarieAsync();
        var subject = await StandAtQuestionsAsync(userCode: marie.UserCode);
        for (var i = 0; i < 4; i++)
        {
            await Host.Get<CheckAnswers>().ForIdentityAsync(subject, "non", "non", RecoverySteps.Client);
        }

        var cut = Context.Render<QuestionsStep>();
        await TypeAnswersAsync(cut, ("non", "non"));
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.Suspended, State.Step));
        Assert.Null(State.Peek<RecoverySubject>());
        Assert.Null(State.Peek<VerifiedIdentity>());
    }

    [DatabaseFact]
    public async Task Submit_RightAnswersAfterLink_AuthorizesNewPassword()
    {
        var (requestId, link) = await StandAtLinkQuestionsAsync();
        var cut = Context.Render<QuestionsStep>();

        Assert.Equal(Text("StepLinkQuestions"), cut.Find("h2").TextContent.Trim());
        await TypeAnswersAsync(cut, RecoverySteps.CorrectAnswers(link.Subject));
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.NewPassword, State.Step));
        Assert.NotNull(State.Peek<ResetAuthorization>());
        Assert.Null(State.Peek<OpenedLink>());
    }

    [DatabaseFact]
    public async Task Submit_LinkSupersededMeanwhile_ShowsLinkNoLongerValid()
    {
        var (requestId, link) = await StandAtLinkQuestionsAsync();
        var cut = Context.Render<QuestionsStep>();
        await using (var db = Host.NewDbContext())
        {
            var row = await db.RecoveryRequests.SingleAsync(r => r.Id == requestId);
            row.SupersededAt = Host.Time.GetUtcNow();
            await db.SaveChangesAsync();
        }

        await TypeAnswersAsync(cut, RecoverySteps.CorrectAnswers(link.Subject));
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.LinkInvalid, State.Step));
        Assert.Null(State.Peek<ResetAuthorization>());
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class QuestionsStepTestsOnSqlite : QuestionsStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class QuestionsStepTestsOnPostgreSql : QuestionsStepTests;
