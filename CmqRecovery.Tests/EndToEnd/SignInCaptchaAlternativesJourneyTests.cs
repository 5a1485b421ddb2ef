using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// Past five failures, the static sign-in form's captcha offers the wizard's three other ways through, each a plain
/// HTTP form or player, driven from the keyboard, axe-checked, at 360 px: a new image, the digits spoken, the proof of work.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInCaptchaAlternativesJourneyTests(BrowserFixture browser)
{
    private const string NewImageFr = "Nouvelle image";
    private const string NewImageShownFr = "Une nouvelle image est affichée.";
    private const string ListenFr = "Écouter les chiffres";
    private const string CannotUseImageFr = "Je ne peux pas utiliser l'image";
    private const string WorkDoneFr = "Vérification terminée : vous pouvez soumettre.";
    private const string WrongPassword = "pas le bon mot de passe";

    private static async Task<RecoveryDriver> FailFiveTimesAsync(BrowserSession session, NewMember member)
    {
        var ui = session.Driver;
        await ui.Page.GotoAsync("/connexion");
        for (var i = 0; i < 5; i++)
        {
            await ui.SignInAsync(i == 0 ? member.Email : null, WrongPassword);
            await Expect(ui.Alert(ui.Text.SignInRefused)).ToBeVisibleAsync();
        }

        await Expect(ui.CaptchaImage).ToBeVisibleAsync();
        return ui;
    }

    private static Task<string?> ChallengeAsync(RecoveryDriver ui) =>
        ui.Page.Locator("input[name='Input.CaptchaChallengeId']").GetAttributeAsync("value");

    [BrowserFact]
    public async Task SignIn_NewImageFromTheKeyboard_ShowsAnotherImageKeepsTheEmailAndSignsIn()
    {
        await using var session = await BrowserSession.StartAsync(browser, width: PhoneLayout.Width, height: PhoneLayout.Height);
        var member = Journey.Physician;
        var ui = await FailFiveTimesAsync(session, member);
        var first = await ChallengeAsync(ui);

        await ui.Button(NewImageFr).FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");

        await Expect(ui.Page.GetByText(NewImageShownFr, new() { Exact = true })).ToBeAttachedAsync();
        Assert.NotEqual(first, await ChallengeAsync(ui));
        await Expect(ui.Field(ui.Text.Email)).ToHaveValueAsync(member.Email);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "sign-in after « Nouvelle image »");
        await PhoneLayout.AssertFitsAsync(ui.Page, "sign-in with the captcha at 360 px");

        await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
        await ui.SignInAsync(null, DemoMembers.Password);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task SignIn_ListeningToTheDigits_PlaysTheWavFromTheAudioEndpointAndSignsIn()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var member = Journey.Resident;
        var ui = await FailFiveTimesAsync(session, member);

        var listen = ui.Page.Locator("summary").Filter(new() { HasText = ListenFr });
        await listen.FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");

        var audio = ui.Page.Locator("audio");
        await Expect(audio).ToBeVisibleAsync();
        await Expect(audio).ToHaveAttributeAsync("aria-label", "Les chiffres de l'image, lus à voix haute");
        Assert.StartsWith("/verification/audio?t=", await audio.GetAttributeAsync("src"), StringComparison.Ordinal);
        // Chromium loads and decodes it under the page's CSP: its duration is that of five spoken digits.
        var duration = await audio.EvaluateAsync<double>(
            "a => { a.load(); return new Promise((ok, ko) => { a.addEventListener('loadedmetadata', () => ok(a.duration)); a.addEventListener('error', () => ko(new Error('audio error ' + a.error?.code))); }); }");
        Assert.InRange(duration, 3.0, 8.0);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "sign-in with the audio player open");

        // What was heard is typed like the image's digits (the test code speaks 1 2 3 4 5).
        await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
        await ui.SignInAsync(null, DemoMembers.Password);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task SignIn_ProofOfWorkInsteadOfTheImage_SolvesInTheBrowserAndSignsInWithEnter()
    {
        await using var session = await BrowserSession.StartAsync(
            browser, new Dictionary<string, string?> { ["Captcha:WorkMaxNumber"] = CaptchaAlternativesJourneyTests.TestWorkMaxNumber });
        var member = Journey.Student;
        var ui = await FailFiveTimesAsync(session, member);

        await ui.Button(CannotUseImageFr).FocusAsync();
        await ui.Page.Keyboard.PressAsync("Enter");

        await Expect(ui.Page.GetByText(WorkDoneFr, new() { Exact = true }).First).ToBeVisibleAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(ui.CaptchaImage).ToHaveCountAsync(0);
        await Expect(ui.Field(ui.Text.Captcha)).ToHaveCountAsync(0);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "sign-in after the proof of work");

        await ui.Field(ui.Text.Password).FillAsync(DemoMembers.Password);
        await ui.Field(ui.Text.Password).PressAsync("Enter");
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task SignIn_CaptchaAlternativesOnAPhoneInEnglish_FitEveryButtonTakesItsTapAndAxeClean()
    {
        await using var session = await BrowserSession.StartAsync(
            browser, new Dictionary<string, string?> { ["Captcha:WorkMaxNumber"] = CaptchaAlternativesJourneyTests.TestWorkMaxNumber },
            width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var member = Journey.Other;
        var ui = session.Driver;
        await ui.Page.GotoAsync("/connexion");
        await ui.SwitchLanguageAsync(UiText.English);
        for (var i = 0; i < 5; i++)
        {
            await ui.SignInAsync(i == 0 ? member.Email : null, WrongPassword);
            await Expect(ui.Alert(UiText.English.SignInRefused)).ToBeVisibleAsync();
        }

        await Expect(ui.CaptchaImage).ToBeVisibleAsync();
        var listen = ui.Page.Locator("summary").Filter(new() { HasText = "Listen to the digits" });
        await Expect(ui.Button("New image")).ToBeVisibleAsync();
        await Expect(listen).ToBeVisibleAsync();
        await Expect(ui.Button("I can't use the image")).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "sign-in with the captcha's three alternatives (en)");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "sign-in with the captcha on a phone (en)");

        await ui.Button("New image").TapAsync();
        await Expect(ui.Page.GetByText("A new image is shown.", new() { Exact = true })).ToBeAttachedAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "sign-in after « New image » (en)");

        await listen.TapAsync();
        await Expect(ui.Page.Locator("audio")).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("audio")).ToHaveAttributeAsync("aria-label", "The digits in the image, read aloud");
        await PhoneLayout.AssertFitsAsync(ui.Page, "sign-in with the audio player open (en)");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "sign-in with the audio player open on a phone (en)");

        await ui.Button("I can't use the image").TapAsync();
        await Expect(ui.Page.GetByText("Check complete: you can submit.", new() { Exact = true }).First).ToBeVisibleAsync();
        await Expect(ui.Button("Back to the image")).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "sign-in after the proof of work (en)");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "sign-in after the proof of work on a phone (en)");

        await ui.Field(UiText.English.Password).FillAsync(DemoMembers.Password);
        await ui.Button(UiText.English.SignIn).TapAsync();
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }
}
