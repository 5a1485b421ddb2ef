using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.Core.Captcha;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>« Je ne peux pas utiliser l'image »: the browser's proof of work replaces the image, then the wizard goes on.</summary>
public abstract class WorkCheckStepTests : WebComponentTest
{
    private const string Module = "./js/proof-of-work.js";

    private async Task<(IRenderedComponent<IdentifyStep> Cut, BunitJSModuleInterop Script)> SwitchToWorkAsync()
    {
        var script = Context.JSInterop.SetupModule(Module);
        script.SetupVoid("solve", _ => true).SetVoidResult();
        var cut = RenderIdentifyStep();

        await Button(cut, "CaptchaCannotUseImage").ClickAsync(new());

        cut.WaitForElement("[role=progressbar]");
        cut.WaitForAssertion(() => Assert.Single(script.Invocations["solve"]));
        return (cut, script);
    }

    private static string SolveFromInvocation(BunitJSModuleInterop script)
    {
        var arguments = script.Invocations["solve"].Single().Arguments;
        return WorkProofTests.Solve((string)arguments[1]!, (string)arguments[2]!, (int)arguments[3]!);
    }

    [DatabaseFact]
    public async Task CannotUseImage_Click_ReplacesImageWithAnAnnouncedProgressBar()
    {
        var (cut, _) = await SwitchToWorkAsync();

        Assert.Empty(cut.FindAll("img.captcha-image"));
        Assert.Empty(cut.FindAll("#captcha"));
        var bar = cut.Find("[role=progressbar]");
        Assert.Equal("0", bar.GetAttribute("aria-valuenow"));
        Assert.Equal("work-intro", bar.GetAttribute("aria-labelledby"));
        Assert.StartsWith(Text("WorkIntro"), cut.Find("#work-intro").TextContent);
        Assert.Equal(Text("WorkStarted"), cut.Find(".work-check [aria-live=polite]").TextContent);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == Text("WorkBackToImage"));
    }

    [DatabaseFact]
    public async Task Progress_FromTheScript_MovesTheBarAndAnnouncesQuarters()
    {
        var (cut, _) = await SwitchToWorkAsync();
        var check = cut.FindComponent<WorkCheck>();

        await cut.InvokeAsync(() => check.Instance.OnWorkProgress(30));

        Assert.Equal("30", cut.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Equal(Text("WorkProgress", 30), cut.Find("[role=progressbar]").GetAttribute("aria-valuetext"));
        Assert.Equal(Text("WorkProgress", 25), cut.Find(".work-check [aria-live=polite]").TextContent);
    }

    [DatabaseFact]
    public async Task Submit_AfterTheScriptSolvedIt_MovesToQuestions()
    {
        await AddMarieAsync();
        var (cut, script) = await SwitchToWorkAsync();
        var number = SolveFromInvocation(script);

        await cut.InvokeAsync(() => cut.FindComponent<WorkCheck>().Instance.OnWorkDone(number));
        Assert.Equal(Text("WorkDone"), cut.Find(".work-check [aria-live=polite]").TextContent);
        await TypeAsync(cut, "user-code", "54321");
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.Questions, State.Step));
        Assert.NotNull(State.Peek<RecoverySubject>());
    }

    [DatabaseFact]
    public async Task Submit_BeforeTheScriptIsDone_AsksToWaitAndSpendsNothing()
    {
        await AddMarieAsync();
        var (cut, script) = await SwitchToWorkAsync();
        await TypeAsync(cut, "user-code", "54321");

        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorWorkPending"), AlertText(cut)));
        Assert.Equal(StepTable.Identify, State.Step);
        // The challenge the script works on is still open: its answer passes afterwards.
        await cut.InvokeAsync(() => cut.FindComponent<WorkCheck>().Instance.OnWorkDone(SolveFromInvocation(script)));
        await SubmitAsync(cut);
        cut.WaitForAssertion(() => Assert.Equal(StepTable.Questions, State.Step));
    }

    [DatabaseFact]
    public async Task WorkCheck_ScriptFailed_ShowsWhyAndTheWayBackToTheImage()
    {
        var (cut, _) = await SwitchToWorkAsync();

        await cut.InvokeAsync(() => cut.FindComponent<WorkCheck>().Instance.OnWorkDone(null));
        Assert.StartsWith(Text("WorkFailed"), cut.Find(".work-failed").TextContent);

        await Button(cut, "WorkBackToImage").ClickAsync(new());
        cut.WaitForElement("img.captcha-image");
        Assert.Empty(cut.FindAll("[role=progressbar]"));
    }

    [DatabaseFact]
    public async Task CannotUseImage_English_SaysItInEnglish()
    {
        UseCulture("en-CA");
        var script = Context.JSInterop.SetupModule(Module);
        script.SetupVoid("solve", _ => true).SetVoidResult();
        var cut = RenderIdentifyStep();

        await Button(cut, "CaptchaCannotUseImage").ClickAsync(new());

        cut.WaitForElement("[role=progressbar]");
        Assert.StartsWith(Text("WorkIntro"), cut.Find("#work-intro").TextContent);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == Text("WorkBackToImage"));
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class WorkCheckStepTestsOnSqlite : WorkCheckStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class WorkCheckStepTestsOnPostgreSql : WorkCheckStepTests;
