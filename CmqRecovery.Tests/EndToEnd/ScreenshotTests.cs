using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// One PNG per step of the seed's procedure, in French and in English, for README. With SCREENSHOTS=1
/// (docs/screenshots/refresh.sh) they refresh docs/screenshots/; otherwise they go to a temporary folder, so an
/// ordinary run still proves every step can be shown without rewriting committed files.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Screenshots")]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    private static bool Refresh => Environment.GetEnvironmentVariable("SCREENSHOTS") == "1";

    [BrowserFact]
    public Task Screenshots_FrenchSteps_OnePngPerStep() => CaptureAsync(UiText.French, "fr");

    [BrowserFact]
    public Task Screenshots_EnglishSteps_OnePngPerStep() => CaptureAsync(UiText.English, "en");

    private async Task CaptureAsync(UiText language, string prefix)
    {
        var folder = Refresh
            ? Path.Combine(Repository.Root, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), $"cmqrecovery-screenshots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await CaptureIntoAsync(language, prefix, folder);
        }
        finally
        {
            if (!Refresh)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private async Task CaptureIntoAsync(UiText language, string prefix, string folder)
    {
        var shots = new List<string>();
        async Task Shot(IPage page, string name)
        {
            // Cosmetic only: a filled MudBlazor field floats its label once the circuit's render comes back, and
            // fields are bound on change, so the value goes to the server when the field loses focus. The static
            // sign-in form has no circuit: its fields stay as the browser filled them.
            await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
            await page.WaitForFunctionAsync(
                "() => [...document.querySelectorAll('.mud-input input')].every(i => !i.value || i.closest('.static-form') || i.closest('.mud-input').classList.contains('mud-shrink'))");
            var file = $"{prefix}-{shots.Count + 1:00}-{name}.png";
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, file), FullPage = true });
            shots.Add(file);
        }

        await using var session = await BrowserSession.StartAsync(browser, width: 1024, height: 768);
        var ui = session.Driver;
        var member = Journey.Physician;

        await ui.Page.GotoAsync("/connexion");
        if (language != UiText.French)
        {
            await ui.SwitchLanguageAsync(language);
        }

        await ui.Field(ui.Text.Email).FillAsync(member.Email);
        await Shot(ui.Page, "connexion");

        await ui.OpenRecoveryAsync();
        await ui.Field(ui.Text.UserCode).FillAsync(member.UserCode);
        await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
        await Shot(ui.Page, "identification");
        await ui.SubmitButton.ClickAsync();

        foreach (var question in await ui.ShownQuestionsAsync())
        {
            await ui.Field(question).FillAsync(RecoveryDriver.DemoAnswer(question));
        }

        await Shot(ui.Page, "questions");
        await ui.SubmitButton.ClickAsync();

        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToBeVisibleAsync();
        await ui.Radio(ui.Text.Yes).CheckAsync();
        await Shot(ui.Page, "confirmation-courriel");
        await ui.SubmitButton.ClickAsync();
        await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();
        await Shot(ui.Page, "courriel-envoye");

        var mail = await session.App.Smtp.WaitForMailToAsync(member.Email);
        var mailPage = await ui.Page.Context.NewPageAsync();
        await mailPage.SetContentAsync(mail.Html ?? $"<pre>{System.Net.WebUtility.HtmlEncode(mail.Text)}</pre>");
        await Shot(mailPage, "courriel");
        await mailPage.CloseAsync();

        await ui.OpenLinkAsync(SmtpTestServer.ExtractResetLink(mail));
        foreach (var question in await ui.ShownQuestionsAsync())
        {
            await ui.Field(question).FillAsync(RecoveryDriver.DemoAnswer(question));
        }

        await Shot(ui.Page, "questions-lien");
        await ui.SubmitButton.ClickAsync();

        await ui.ChoosePasswordAsync("motdepasse2026");
        await Expect(ui.Alert(ui.Text.TooGuessable)).ToBeVisibleAsync();
        await Shot(ui.Page, "nouveau-mot-de-passe-refuse");
        await ui.Field(ui.Text.NewPassword).FillAsync(Journey.NewPassword);
        await ui.Field(ui.Text.ConfirmPassword).FillAsync(Journey.NewPassword);
        // The browser-side meter speaks after a pause in typing.
        await Expect(ui.Page.Locator("#strength-meter")).ToHaveAttributeAsync("data-score", "4");
        await Shot(ui.Page, "nouveau-mot-de-passe");
        await ui.SubmitButton.ClickAsync();

        await ui.ExpectDoneAsync(member.Email, Journey.NewPassword);
        await Shot(ui.Page, "termine");

        await ui.Link(ui.Text.SignInLink).ClickAsync();
        await ui.SignInAsync(null, Journey.NewPassword);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        await Shot(ui.Page, "mon-compte");

        await ui.OpenLinkAsync(SmtpTestServer.ExtractResetLink(mail));
        await ui.ExpectLinkInvalidAsync();
        await Shot(ui.Page, "lien-invalide");

        var other = await session.NewDriverAsync(1024, 768);
        await other.OpenRecoveryAsync();
        if (language != UiText.French)
        {
            await other.SwitchLanguageAsync(language);
            await other.ExpectRecoveryStartAsync();
        }

        await other.IdentifyAsync(Journey.Resident.Email);
        await other.AnswerQuestionsAsync();
        await other.ConfirmEmailAsync(EmailAddress.Mask(Journey.Resident.Email), valid: false);
        await Expect(other.Heading(other.Text.Disputed)).ToBeVisibleAsync();
        await Shot(other.Page, "courriel-conteste");

        Assert.Equal(13, shots.Count);
        Assert.All(shots, file => Assert.True(new FileInfo(Path.Combine(folder, file)).Length > 1000, file));
    }
}
