using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// A whole recovery through each alternative to reading the image, driven from the keyboard, axe-checked:
/// the spoken digits (the browser decodes the WAV pushed to it) and the proof of work (the real script solves it).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class CaptchaAlternativesJourneyTests(BrowserFixture browser)
{
    private const string ListenFr = "Écouter les chiffres";
    private const string CannotUseImageFr = "Je ne peux pas utiliser l'image";
    private const string WorkDoneFr = "Vérification terminée : vous pouvez soumettre.";

    /// <summary>Small enough that the real script finishes in well under a second in the tests.</summary>
    public const string TestWorkMaxNumber = "3000";

    [BrowserFact]
    public async Task Recovery_ListeningToTheDigits_PlaysAWavAndCompletes()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var member = Journey.Resident;
        await ui.OpenRecoveryAsync();

        await ui.Button(ListenFr).FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");

        var audio = ui.Page.Locator("audio");
        await Expect(audio).ToHaveAttributeAsync("aria-label", "Les chiffres de l'image, lus à voix haute");
        var source = await audio.GetAttributeAsync("src");
        Assert.StartsWith("data:audio/wav;base64,", source, StringComparison.Ordinal);
        Core.Captcha.CaptchaAudioTests.AssertPcmWav(Convert.FromBase64String(source!["data:audio/wav;base64,".Length..]));
        // Chromium decodes it under the page's CSP: its duration is that of five spoken digits.
        var duration = await audio.EvaluateAsync<double>(
            "a => a.readyState >= 1 ? a.duration : new Promise(r => a.addEventListener('loadedmetadata', () => r(a.duration)))");
        Assert.InRange(duration, 3.0, 8.0);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the identification step with the audio player");

        // What was heard is typed like the image's digits (the test code speaks 1 2 3 4 5).
        await ui.Field(ui.Text.UserCode).FillAsync(member.UserCode);
        await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
        await ui.SubmitButton.ClickAsync();
        await FinishRecoveryAsync(session, member);
    }

    [BrowserFact]
    public async Task Recovery_ProofOfWorkInsteadOfTheImage_SolvesInTheBrowserAndCompletes()
    {
        await using var session = await BrowserSession.StartAsync(
            browser, new Dictionary<string, string?> { ["Captcha:WorkMaxNumber"] = TestWorkMaxNumber });
        var ui = session.Driver;
        var member = Journey.Student;
        await ui.OpenRecoveryAsync();

        await ui.Button(CannotUseImageFr).FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");

        var bar = ui.Page.GetByRole(AriaRole.Progressbar);
        await Expect(ui.Page.GetByText(WorkDoneFr, new() { Exact = true }).First).ToBeVisibleAsync();
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(ui.CaptchaImage).ToHaveCountAsync(0);
        await Expect(ui.Field(ui.Text.Captcha)).ToHaveCountAsync(0);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the identification step after the proof of work");

        await ui.Field(ui.Text.UserCode).FillAsync(member.UserCode);
        await ui.Field(ui.Text.UserCode).PressAsync("Enter");
        await FinishRecoveryAsync(session, member);
    }

    /// <summary>Steps 3 to 9 as in every journey: the captcha's form made no difference past step 2.</summary>
    private static async Task FinishRecoveryAsync(BrowserSession session, NewMember member)
    {
        var ui = session.Driver;
        await ui.AnswerQuestionsAsync();
        await ui.ConfirmEmailAsync(EmailAddress.Mask(member.Email), valid: true);
        var mail = await session.App.Smtp.WaitForMailToAsync(member.Email, Journey.ResetLinkSubject);
        await ui.OpenLinkAndAnswerAsync(SmtpTestServer.ExtractResetLink(mail));
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(member.Email, Journey.NewPassword);
        session.AssertNoServerErrors();
    }
}
