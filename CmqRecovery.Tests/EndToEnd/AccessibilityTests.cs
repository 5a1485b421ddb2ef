using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>WCAG 2.2 AA: axe-core on every page and step, and a recovery done with the keyboard alone.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Axe_EveryPageAndStep_NoWcagViolations()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var reports = new List<string>();
        var checkedPages = new List<string>();
        async Task Check(RecoveryDriver on, string what)
        {
            checkedPages.Add(what);
            if (await AxeCheck.ReportAsync(on.Page, what) is { } report)
            {
                reports.Add(report);
            }
        }

        await ui.Page.GotoAsync("/connexion");
        await Expect(ui.Button(ui.Text.SignIn)).ToBeVisibleAsync();
        await Check(ui, "login");
        await ui.SignInAsync(Journey.Physician.Email, "pas le bon mot de passe");
        await Expect(ui.Alert(ui.Text.SignInRefused)).ToBeVisibleAsync();
        await Check(ui, "login with an error");

        await ui.OpenRecoveryAsync();
        await Check(ui, "recovery step 2 (identify)");
        await ui.IdentifyAsync("54321", captcha: "00000");
        await Expect(ui.Alert(ui.Text.CaptchaFailed)).ToBeVisibleAsync();
        await Check(ui, "identify with a captcha error");
        await ui.IdentifyAsync("54321");
        await ui.ShownQuestionsAsync();
        await Check(ui, "questions");
        await ui.AnswerQuestionsAsync(correct: false);
        await Expect(ui.Alert(ui.Text.AnswersFailed)).ToBeVisibleAsync();
        await Check(ui, "questions with an error");
        await ui.AnswerQuestionsAsync();
        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToBeVisibleAsync();
        await Check(ui, "confirm email");
        await ui.Radio(ui.Text.Yes).CheckAsync();
        var before = session.App.Smtp.Messages.Count;
        await ui.SubmitButton.ClickAsync();
        await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();
        await Check(ui, "mail sent");

        var mail = await session.App.Smtp.WaitForMailToAsync(Journey.Physician.Email);
        Assert.Equal(before + 1, session.App.Smtp.Messages.Count);
        await ui.OpenLinkAsync(SmtpTestServer.ExtractResetLink(mail));
        await ui.ShownQuestionsAsync();
        await Check(ui, "reset questions (link)");
        await ui.AnswerQuestionsAsync();
        await ui.ChoosePasswordAsync("motdepasse2026");
        await Expect(ui.Alert(ui.Text.TooGuessable)).ToBeVisibleAsync();
        await Check(ui, "new password with an error shown");
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(Journey.Physician.Email, Journey.NewPassword);
        await Check(ui, "done");
        await ui.Link(ui.Text.SignInLink).ClickAsync();
        await ui.SignInAsync(null, Journey.NewPassword);
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        await Check(ui, "my account");

        await ui.OpenLinkAsync(SmtpTestServer.ExtractResetLink(mail));
        await ui.ExpectLinkInvalidAsync();
        await Check(ui, "invalid link page");

        var other = await session.NewDriverAsync();
        await other.OpenRecoveryAsync();
        await other.IdentifyAsync("R12345");
        await other.AnswerQuestionsAsync();
        await other.ConfirmEmailAsync(EmailAddress.Mask(Journey.Resident.Email), valid: false);
        await Expect(other.Heading(other.Text.Disputed)).ToBeVisibleAsync();
        await Check(other, "disputed email (« Non »)");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (attempt == 0)
            {
                await other.OpenRecoveryAsync();
                await other.IdentifyAsync("50012345");
            }

            await other.AnswerQuestionsAsync(correct: false);
        }

        await Expect(other.Heading(other.Text.Suspended)).ToBeVisibleAsync();
        await Check(other, "suspended");

        // English pages declare their language and keep the same structure.
        var english = await session.NewDriverAsync();
        await english.Page.GotoAsync("/connexion");
        await english.SwitchLanguageAsync(UiText.English);
        await Check(english, "login (English)");
        await english.OpenRecoveryAsync();
        await Check(english, "recovery step 2 (English)");
        await english.IdentifyAsync("julien.gagnon@example.org");
        await english.ShownQuestionsAsync();
        await Check(english, "questions (English)");

        output.WriteLine($"axe ran on {checkedPages.Count} pages: {string.Join("; ", checkedPages)}");
        Assert.True(reports.Count == 0, string.Join("\n\n", reports));
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task Keyboard_TabSpaceEnterOnly_CompletesRecovery()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var keys = ui.Page.Keyboard;
        await ui.OpenRecoveryAsync();

        await TabToAsync(ui.Field(ui.Text.UserCode));
        await keys.TypeAsync("54321");
        await TabToAsync(ui.Field(ui.Text.Captcha));
        await keys.TypeAsync(TestHostSettings.CaptchaCode);
        await TabToAsync(ui.SubmitButton);
        await keys.PressAsync("Enter");

        await AnswerByKeyboardAsync(ui);

        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToBeVisibleAsync();
        await TabToAsync(ui.Radio(ui.Text.Yes));
        await keys.PressAsync("Space");
        await Expect(ui.Radio(ui.Text.Yes)).ToBeCheckedAsync();
        await TabToAsync(ui.SubmitButton);
        await keys.PressAsync("Enter");
        await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();

        // The mail client opens the link; from there on, the keyboard again.
        var mail = await session.App.Smtp.WaitForMailToAsync(Journey.Physician.Email);
        await ui.OpenLinkAsync(SmtpTestServer.ExtractResetLink(mail));
        await AnswerByKeyboardAsync(ui);

        await TabToAsync(ui.Field(ui.Text.NewPassword));
        await keys.TypeAsync(Journey.NewPassword);
        await TabToAsync(ui.Field(ui.Text.ConfirmPassword));
        await keys.TypeAsync(Journey.NewPassword);
        await TabToAsync(ui.SubmitButton);
        await keys.PressAsync("Enter");
        await ui.ExpectDoneAsync(Journey.Physician.Email, Journey.NewPassword);

        await TabToAsync(ui.Link(ui.Text.SignInLink));
        await keys.PressAsync("Enter");
        await Expect(ui.Field(ui.Text.Email)).ToHaveValueAsync(Journey.Physician.Email);
        await TabToAsync(ui.Field(ui.Text.Password));
        await keys.TypeAsync(Journey.NewPassword);
        await TabToAsync(ui.Button(ui.Text.SignIn));
        await keys.PressAsync("Enter");
        await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        session.AssertNoServerErrors();

        async Task AnswerByKeyboardAsync(RecoveryDriver driver)
        {
            foreach (var question in await driver.ShownQuestionsAsync())
            {
                await TabToAsync(driver.Field(question));
                await keys.TypeAsync(RecoveryDriver.DemoAnswer(question));
            }

            await TabToAsync(driver.SubmitButton);
            await keys.PressAsync("Enter");
        }

        // Tab until the element (found by its accessible name) holds focus; a page with more stops than this is a bug.
        async Task TabToAsync(ILocator target)
        {
            await Expect(target).ToBeVisibleAsync();
            for (var presses = 0; presses < 40; presses++)
            {
                if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
                {
                    return;
                }

                await keys.PressAsync("Tab");
            }

            Assert.Fail($"40 presses of Tab never reached {target}.");
        }
    }
}

/// <summary>The axe check itself can fail: a page with known violations is reported, rule by rule.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AxeCheckTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task AxeCheck_UnlabelledFieldAndImage_ReportsBothRules()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(
            "<!DOCTYPE html><html lang=\"fr\"><head><title>t</title></head><body><main><h1>t</h1>"
            + "<img src=\"data:image/png;base64,iVBORw0KGgo=\"><input type=\"text\"></main></body></html>");

        var report = await AxeCheck.ReportAsync(page, "a broken page");

        Assert.NotNull(report);
        Assert.Contains("image-alt", report, StringComparison.Ordinal);
        Assert.Contains("label", report, StringComparison.Ordinal);
    }
}
