using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.Core.Captcha;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Tests.Web.Components.Recovery.Steps;

/// <summary>« Écouter les chiffres »: the same challenge, spoken, pushed to this circuit only, gone once spent.</summary>
public abstract class CaptchaAudioStepTests : WebComponentTest
{
    private static byte[] WavOf(AngleSharp.Dom.IElement audio)
    {
        var source = audio.GetAttribute("src")!;
        Assert.StartsWith("data:audio/wav;base64,", source, StringComparison.Ordinal);
        return Convert.FromBase64String(source["data:audio/wav;base64,".Length..]);
    }

    [DatabaseFact]
    public async Task Listen_Click_PlaysTheChallengeAsWavAndAnnouncesIt()
    {
        var cut = RenderIdentifyStep();
        Assert.Empty(cut.FindAll("audio"));
        var challenge = State.CaptchaChallengeId;

        await Button(cut, "CaptchaListen").ClickAsync(new());

        var audio = cut.WaitForElement("audio");
        Assert.True(audio.HasAttribute("controls"));
        Assert.Equal(Text("CaptchaAudioLabel"), audio.GetAttribute("aria-label"));
        CaptchaAudioTests.AssertPcmWav(WavOf(audio));
        Assert.Equal(Text("CaptchaAudioPlaying"), cut.Find("[aria-live=polite]").TextContent);
        // Listening is not a new challenge: the image's answer still stands.
        Assert.Equal(challenge, State.CaptchaChallengeId);
    }

    [DatabaseFact]
    public async Task Listen_English_ButtonAndLabelInEnglish()
    {
        UseCulture("en-CA");
        var cut = RenderIdentifyStep();

        await Button(cut, "CaptchaListen").ClickAsync(new());

        Assert.Equal(Text("CaptchaAudioLabel"), cut.WaitForElement("audio").GetAttribute("aria-label"));
    }

    [DatabaseFact]
    public async Task Listen_AfterAWrongAnswer_TheSpentChallengeIsGoneAndTheNewOneIsHeard()
    {
        await AddMarieAsync();
        var cut = RenderIdentifyStep();
        await Button(cut, "CaptchaListen").ClickAsync(new());
        cut.WaitForElement("audio");

        await SubmitIdentifierAsync(cut, "user-code", "54321", "00000");

        // The spent challenge's audio left the page with its image.
        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorCaptcha"), AlertText(cut)));
        Assert.Empty(cut.FindAll("audio"));
        var fresh = State.CaptchaChallengeId;
        await Button(cut, "CaptchaListen").ClickAsync(new());
        CaptchaAudioTests.AssertPcmWav(WavOf(cut.WaitForElement("audio")));
        Assert.Equal(fresh, State.CaptchaChallengeId);
    }

    [DatabaseFact]
    public async Task Listen_ChallengeSpentElsewhere_RefusesAndShowsANewImage()
    {
        var cut = RenderIdentifyStep();
        var spent = State.CaptchaChallengeId!.Value;
        Assert.False(await Host.Get<CmqRecovery.Core.Captcha.CaptchaService>().VerifyAsync(spent, "00000"));

        await Button(cut, "CaptchaListen").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotEqual(spent, State.CaptchaChallengeId));
        Assert.Empty(cut.FindAll("audio"));
        Assert.Equal(Text("CaptchaAudioSpent"), cut.Find("[aria-live=polite]").TextContent);
        Assert.Equal(StepTable.Identify, State.Step);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class CaptchaAudioStepTestsOnSqlite : CaptchaAudioStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class CaptchaAudioStepTestsOnPostgreSql : CaptchaAudioStepTests;
