using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Pages;
using CmqRecovery.Web.Components.Recovery;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Pages;

public abstract class RecoveryPageTests : WebComponentTest
{
    [DatabaseFact]
    public void Render_French_StartsAtStepOneOfFiveWithTheSeedIntroduction()
    {
        var cut = Context.Render<RecoveryPage>();

        Assert.Equal(Text("RecoveryTitle"), cut.Find("h1").TextContent);
        Assert.Contains(Text("RecoveryIntro"), cut.Markup);
        Assert.Contains("Soutien technique: 514 933-4325", cut.Markup);
        Assert.Equal("Étape 1 de 5", cut.Find(".step-of").TextContent);
        Assert.Equal(Text("EmailLabel"), LabelOf(cut, "email"));
    }

    [DatabaseFact]
    public void Render_English_ShowsEnglishTitleAndStep()
    {
        UseCulture("en-CA");

        var cut = Context.Render<RecoveryPage>();

        Assert.Equal(Text("RecoveryTitle"), cut.Find("h1").TextContent);
        Assert.Equal("Step 1 of 5", cut.Find(".step-of").TextContent);
    }

    [DatabaseFact]
    public async Task Render_AfterEarlierProgress_RestartsAtStepOneWithNothingKept()
    {
        var marie = await AddMarieAsync();
        State.GoTo(StepTable.ConfirmEmail, await Host.VerifiedIdentityAsync(marie));

        var cut = Context.Render<RecoveryPage>();

        Assert.Equal(StepTable.Identify, State.Step);
        Assert.Null(State.Peek<VerifiedIdentity>());
        Assert.DoesNotContain("m*****y@example.org", cut.Markup);
    }

    [DatabaseFact]
    public async Task Journey_CodeAnswersYes_ReachesMailSentAndFocusesEachStepHeading()
    {
        var marie = await AddMarieAsync();
        var cut = Context.Render<RecoveryPage>();
        cut.WaitForElement("img.captcha-image");

        await SubmitIdentifierAsync(cut, "user-code", marie.UserCode);
        cut.WaitForAssertion(() => Assert.Equal("Étape 2 de 5", cut.Find(".step-of").TextContent));
        Context.JSInterop.VerifyFocusAsyncInvoke();

        var subject = State.Proof<RecoverySubject>();
        await TypeAnswersAsync(cut, RecoverySteps.CorrectAnswers(subject));
        await SubmitAsync(cut);
        cut.WaitForAssertion(() => Assert.Equal("Étape 3 de 5", cut.Find(".step-of").TextContent));

        await cut.FindAll("input[type=radio]")[0].ClickAsync(new());
        await SubmitAsync(cut);
        cut.WaitForAssertion(() => Assert.Equal(Text("MailSentHeading"), cut.Find("h2").TextContent.Trim()));
        Assert.Empty(cut.FindAll(".step-of"));
        Assert.Equal(3, Context.JSInterop.Invocations.Count(i => i.Identifier == "Blazor._internal.domWrapper.focus"));
        await using var db = Host.NewDbContext();
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.To == marie.Email));
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class RecoveryPageTestsOnSqlite : RecoveryPageTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class RecoveryPageTestsOnPostgreSql : RecoveryPageTests;
