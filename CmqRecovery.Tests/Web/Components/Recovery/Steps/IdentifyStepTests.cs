using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.JSInterop;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Recovery.Steps;

public abstract class IdentifyStepTests : WebComponentTest
{
    [DatabaseFact]
    public void Render_French_ShowsSeedLabelsTableAndCaptcha()
    {
        var cut = RenderIdentifyStep();
        Assert.Equal(Text("EmailLabel"), LabelOf(cut, "email"));
        Assert.Equal(Text("UserCodeLabel"), LabelOf(cut, "user-code"));
        Assert.Equal(Text("CaptchaLabel"), LabelOf(cut, "captcha"));
        Assert.Equal(Text("Or"), cut.Find(".or-separator").TextContent);
        var rows = cut.FindAll("table.code-formats tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("54321", rows[0]);
        Assert.Contains("R12345", rows[1]);
        Assert.Contains("E12342012", rows[2]);
        Assert.Contains("50012345", rows[3]);
        var image = cut.Find("img.captcha-image");
        Assert.Equal(Text("CaptchaAlt"), image.GetAttribute("alt"));
        AssertOnePngStreamed(cut);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == Text("CaptchaNewImage"));
        Assert.Equal(Text("Submit"), cut.Find("button[type=submit]").TextContent.Trim());
        Assert.Equal("email", cut.Find("#email").GetAttribute("autocomplete"));
        // Identifiers and the captcha are not words: no spell checker, and a numeric keypad for the digits.
        Assert.Equal("false", cut.Find("#email").GetAttribute("spellcheck"));
        Assert.Equal("false", cut.Find("#user-code").GetAttribute("spellcheck"));
        Assert.Equal("numeric", cut.Find("#captcha").GetAttribute("inputmode"));
        Assert.Null(AlertText(cut));
    }

    [DatabaseFact]
    public void Render_TypingAfterTheImage_SendsTheImageOnlyOnce()
    {
        var cut = Context.Render<IdentifyStep>();
        cut.WaitForElement("img.captcha-image");

        cut.Find("#email").Change("marie.tremblay@example.org");
        cut.Find("#captcha").Change("12345");

        // Once sent, the circuit drops the PNG: later renders neither resend it nor keep it in the markup.
        AssertOnePngStreamed(cut);
        Assert.Null(cut.Find("img.captcha-image").GetAttribute("src"));
    }

    private void AssertOnePngStreamed(IRenderedComponent<IdentifyStep> cut)
    {
        // The PNG leaves after the render that shows the picture, behind the script's import: wait for that call
        // (bounded), then it must be the only one.
        cut.WaitForState(() => Context.JSInterop.Invocations.Any(i => i.Identifier == "cmqShowCaptcha"));
        var import = Assert.Single(Context.JSInterop.Invocations, i => i.Identifier == "import");
        Assert.Equal("http://localhost/js/captcha-image.js", import.Arguments[0]);
        var shown = Assert.Single(Context.JSInterop.Invocations, i => i.Identifier == "cmqShowCaptcha");
        var reference = Assert.IsType<DotNetStreamReference>(shown.Arguments[1]);
        var signature = new byte[8];
        reference.Stream.ReadExactly(signature);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, signature);
    }

    [DatabaseFact]
    public void Render_English_ShowsEnglishLabels()
    {
        UseCulture("en-CA");

        var cut = Context.Render<IdentifyStep>();

        Assert.Equal(Text("EmailLabel"), LabelOf(cut, "email"));
        Assert.Equal(Text("UserCodeLabel"), LabelOf(cut, "user-code"));
        Assert.Equal(Text("CaptchaLabel"), LabelOf(cut, "captcha"));
        Assert.Equal(Text("Or"), cut.Find(".or-separator").TextContent);
        Assert.Equal(Text("Submit"), cut.Find("button[type=submit]").TextContent.Trim());
    }

    [DatabaseFact]
    public async Task Submit_UserCodeAndRightCaptcha_MovesToQuestions()
    {
        await AddMarieAsync();
        var cut = RenderIdentifyStep();

        await SubmitIdentifierAsync(cut, "user-code", "54321");

        cut.WaitForAssertion(() => Assert.Equal(StepTable.Questions, State.Step));
        Assert.NotNull(State.Peek<RecoverySubject>());
        Assert.Null(State.CaptchaChallengeId);
    }

    [DatabaseFact]
    public async Task Submit_EmailOfUnknownMember_MovesToQuestionsLikeAMember()
    {
        var cut = RenderIdentifyStep();

        await SubmitIdentifierAsync(cut, "email", "personne@example.org");

        cut.WaitForAssertion(() => Assert.Equal(StepTable.Questions, State.Step));
        Assert.NotNull(State.Peek<RecoverySubject>());
    }

    [DatabaseFact]
    public async Task Submit_WrongCaptcha_ShowsMessageAndNewImage()
    {
        await AddMarieAsync();
        var cut = RenderIdentifyStep();
        var firstChallenge = State.CaptchaChallengeId;

        await SubmitIdentifierAsync(cut, "user-code", "54321", "00000");

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorCaptcha"), AlertText(cut)));
        Assert.NotNull(State.CaptchaChallengeId);
        Assert.NotEqual(firstChallenge, State.CaptchaChallengeId);
        Assert.Equal("true", cut.Find("#captcha").GetAttribute("aria-invalid"));
        Assert.Equal(StepTable.Identify, State.Step);
        Assert.Null(State.Peek<RecoverySubject>());
        await using var db = Host.NewDbContext();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.CaptchaFailed));
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.Identified));
    }

    [DatabaseFact]
    public async Task Submit_EmailAndCode_AsksForOneAndKeepsTheImage()
    {
        var cut = RenderIdentifyStep();
        var challenge = State.CaptchaChallengeId;

        await TypeAsync(cut, "email", "marie.tremblay@example.org");
        await SubmitIdentifierAsync(cut, "user-code", "54321");

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorBothGiven"), AlertText(cut)));
        Assert.Equal(StepTable.Identify, State.Step);
        Assert.Equal(challenge, State.CaptchaChallengeId);
        await using var db = Host.NewDbContext();
        Assert.Equal(0, await db.AuditEvents.CountAsync());
    }

    [DatabaseFact]
    public async Task Submit_Nothing_AsksForEmailOrCode()
    {
        var cut = RenderIdentifyStep();

        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorNothingGiven"), AlertText(cut)));
        Assert.Equal(StepTable.Identify, State.Step);
    }

    [DatabaseFact]
    public async Task Submit_MalformedCode_NamesTheAcceptedFormats()
    {
        var cut = RenderIdentifyStep();

        await SubmitIdentifierAsync(cut, "user-code", "X1234");

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorMalformedUserCode"), AlertText(cut)));
        var message = AlertText(cut)!;
        foreach (var example in new[] { "54321", "R12345", "E12342012", "50012345" })
        {
            Assert.Contains(example, message);
        }

        Assert.Equal("true", cut.Find("#user-code").GetAttribute("aria-invalid"));
        Assert.Equal(StepTable.Identify, State.Step);
        Assert.Null(State.Peek<RecoverySubject>());
    }

    [DatabaseFact]
    public async Task Submit_MalformedEmail_ShowsEmailMessage()
    {
        var cut = RenderIdentifyStep();

        await TypeAsync(cut, "email", "pas-un-courriel");
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorMalformedEmail"), AlertText(cut)));
        Assert.Equal("true", cut.Find("#email").GetAttribute("aria-invalid"));
        Assert.Equal(StepTable.Identify, State.Step);
    }

    [DatabaseFact]
    public async Task Submit_SuspendedIdentifier_ShowsSuspension()
    {
        var marie = await AddMarieAsync();
        var identified = await Host.IdentifyAsync(userCode: marie.UserCode);
        for (var i = 0; i < 5; i++)
        {
            await Host.Get<CheckAnswers>().ForIdentityAsync(identified.Value!, "non", "non", RecoverySteps.Client);
        }

        var cut = RenderIdentifyStep();
        await SubmitIdentifierAsync(cut, "user-code", "54321");

        cut.WaitForAssertion(() => Assert.Equal(StepTable.Suspended, State.Step));
        Assert.Null(State.Peek<RecoverySubject>());
    }

    [DatabaseFact]
    public async Task NewImage_Click_ShowsAnotherChallengeAndAnnouncesIt()
    {
        var cut = RenderIdentifyStep();
        var first = State.CaptchaChallengeId;

        await Button(cut, "CaptchaNewImage").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotEqual(first, State.CaptchaChallengeId));
        Assert.Equal(Text("CaptchaNewImageShown"), cut.Find("[aria-live=polite]").TextContent);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class IdentifyStepTestsOnSqlite : IdentifyStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class IdentifyStepTestsOnPostgreSql : IdentifyStepTests;
