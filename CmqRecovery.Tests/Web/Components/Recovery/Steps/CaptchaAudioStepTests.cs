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
    private const string ListenFr = "Écouter les chiffres";

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

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == ListenFr).ClickAsync(new());

        var audio = cut.WaitForElement("audio");
        Assert.True(audio.HasAttribute("controls"));
        Assert.Equal("Les chiffres de l'image, lus à voix haute", audio.GetAttribute("aria-label"));
        CaptchaAudioTests.AssertPcmWav(WavOf(audio));
        Assert.Contains("Les chiffres sont lus", cut.Find("[aria-live=polite]").TextContent);
        // Listening is not a new challenge: the image's answer still stands.
        Assert.Equal(challenge, State.CaptchaChallengeId);
    }

    [DatabaseFact]
    public async Task Listen_English_ButtonAndLabelInEnglish()
    {
        UseCulture("en-CA");
        var cut = RenderIdentifyStep();

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == "Listen to the digits").ClickAsync(new());

        Assert.Equal("The digits in the image, read aloud", cut.WaitForElement("audio").GetAttribute("aria-label"));
    }

    [DatabaseFact]
    public async Task Listen_AfterAWrongAnswer_TheSpentChallengeIsGoneAndTheNewOneIsHeard()
    {
        await AddMarieAsync();
        var cut = RenderIdentifyStep();
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == ListenFr).ClickAsync(new());
        cut.WaitForElement("audio");

        await SubmitIdentifierAsync(cut, "code-utilisateur", "54321", "00000");

        // The spent challenge's audio left the page with its image.
        cut.WaitForAssertion(() => Assert.Contains("ne correspondent pas à l'image", AlertText(cut)));
        Assert.Empty(cut.FindAll("audio"));
        var fresh = State.CaptchaChallengeId;
        await cut.FindAll("button").Single(b => b.TextContent.Trim() == ListenFr).ClickAsync(new());
        CaptchaAudioTests.AssertPcmWav(WavOf(cut.WaitForElement("audio")));
        Assert.Equal(fresh, State.CaptchaChallengeId);
    }

    [DatabaseFact]
    public async Task Listen_ChallengeSpentElsewhere_RefusesAndShowsANewImage()
    {
        var cut = RenderIdentifyStep();
        var spent = State.CaptchaChallengeId!.Value;
        Assert.False(await Host.Get<CmqRecovery.Core.Captcha.CaptchaService>().VerifyAsync(spent, "00000"));

        await cut.FindAll("button").Single(b => b.TextContent.Trim() == ListenFr).ClickAsync(new());

        cut.WaitForAssertion(() => Assert.NotEqual(spent, State.CaptchaChallengeId));
        Assert.Empty(cut.FindAll("audio"));
        Assert.Contains("n'est plus valide", cut.Find("[aria-live=polite]").TextContent);
        Assert.Equal(RecoveryStep.Identify, State.Step);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class CaptchaAudioStepTestsOnSqlite : CaptchaAudioStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class CaptchaAudioStepTestsOnPostgreSql : CaptchaAudioStepTests;
