using Bunit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// The captcha of a page with no circuit: the wizard's three ways through as submit buttons, a player and a script,
/// each named by its visible text.
/// </summary>
public abstract class CaptchaPanelTests : WebComponentTest
{
    private const string AudioUrl = "/verification/audio?t=sealed";

    private async Task<CaptchaImage> ImageAsync() =>
        await Host.Services.GetRequiredService<CaptchaService>().IssueAsync();

    private IRenderedComponent<CaptchaPanel> RenderImage(CaptchaImage image, string? audioUrl = AudioUrl, bool invalid = false) =>
        Context.Render<CaptchaPanel>(p => p
            .Add(c => c.Image, image).Add(c => c.AudioUrl, audioUrl).Add(c => c.Invalid, invalid).Add(c => c.Announcement, Text("CaptchaNewImageShown")));

    [DatabaseFact]
    public async Task Image_Rendered_OffersANewImageTheDigitsSpokenAndTheProofOfWorkAsPlainForms()
    {
        var image = await ImageAsync();

        var cut = RenderImage(image);

        Assert.Equal(Text("CaptchaAlt"), cut.Find("img.captcha-image").GetAttribute("alt"));
        Assert.Equal(image.ChallengeId.ToString(), cut.Find("input[type=hidden][name='Input.CaptchaChallengeId']").GetAttribute("value"));
        var newImage = cut.Find("button[value=image]");
        Assert.Equal(("submit", "Input.CaptchaAction", Text("CaptchaNewImage")), (newImage.GetAttribute("type"), newImage.GetAttribute("name"), newImage.TextContent.Trim()));
        var work = cut.Find("button[value=work]");
        Assert.Equal(("submit", "Input.CaptchaAction", Text("CaptchaCannotUseImage")), (work.GetAttribute("type"), work.GetAttribute("name"), work.TextContent.Trim()));
        Assert.Equal(Text("CaptchaListen"), cut.Find("details.captcha-listen > summary").TextContent.Trim());
        var audio = cut.Find("details.captcha-listen audio");
        Assert.Equal((AudioUrl, "none", Text("CaptchaAudioLabel")), (audio.GetAttribute("src"), audio.GetAttribute("preload"), audio.GetAttribute("aria-label")));
        Assert.Equal(Text("CaptchaLabel"), LabelOf(cut, "captcha"));
        Assert.Equal("Input.CaptchaDigits", cut.Find("#captcha").GetAttribute("name"));
        Assert.Equal("false", cut.Find("#captcha").GetAttribute("aria-invalid"));
        Assert.Equal(Text("CaptchaNewImageShown"), cut.Find(".captcha [aria-live=polite]").TextContent);
        Assert.Empty(cut.FindAll(".work-check"));
    }

    [DatabaseFact]
    public async Task Image_WrongAnswerAndNoAudio_MarksTheFieldAndOffersNoPlayer()
    {
        var cut = RenderImage(await ImageAsync(), audioUrl: null, invalid: true);

        Assert.Equal("true", cut.Find("#captcha").GetAttribute("aria-invalid"));
        Assert.Empty(cut.FindAll("audio"));
        Assert.Empty(cut.FindAll("details"));
    }

    [DatabaseFact]
    public async Task Work_Rendered_RunsTheScriptIntoAHiddenAnswerWithTheWayBackToTheImage()
    {
        var work = await Host.Services.GetRequiredService<CaptchaService>().IssueWorkAsync();

        var cut = Context.Render<CaptchaPanel>(p => p.Add(c => c.Work, work));

        var panel = cut.Find(".work-check");
        Assert.Equal((work.Salt, work.Target, $"{work.MaxNumber}"), (panel.GetAttribute("data-salt"), panel.GetAttribute("data-target"), panel.GetAttribute("data-max")));
        var bar = cut.Find("[role=progressbar]");
        Assert.Equal(("0", "work-intro"), (bar.GetAttribute("aria-valuenow"), bar.GetAttribute("aria-labelledby")));
        Assert.Equal(Text("WorkStarted"), cut.Find(".work-check [aria-live=polite]").TextContent);
        Assert.Equal(work.ChallengeId.ToString(), cut.Find("input[type=hidden][name='Input.CaptchaChallengeId']").GetAttribute("value"));
        Assert.Equal("true", cut.Find("input[type=hidden][name='Input.CaptchaWork']").GetAttribute("value"));
        Assert.Equal(string.Empty, cut.Find("input[type=hidden].work-answer[name='Input.CaptchaDigits']").GetAttribute("value"));
        Assert.Contains("static-proof-of-work.js", cut.Find("script[type=module]").GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal(Text("WorkBackToImage"), cut.Find("button[name='Input.CaptchaAction'][value=image]").TextContent.Trim());
        Assert.Contains(Text("WorkFailed"), cut.Find("noscript").InnerHtml, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("#captcha"));
    }

    [DatabaseFact]
    public async Task Image_InEnglish_SpeaksEnglish()
    {
        UseCulture("en-CA");

        var cut = RenderImage(await ImageAsync());

        Assert.Equal("New image", cut.Find("button[value=image]").TextContent.Trim());
        Assert.Equal("Listen to the digits", cut.Find("summary").TextContent.Trim());
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class CaptchaPanelTestsOnSqlite : CaptchaPanelTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class CaptchaPanelTestsOnPostgreSql : CaptchaPanelTests;
