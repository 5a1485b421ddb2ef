using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// A whole recovery on a 360 × 740 touch phone, every button tapped: on each page nothing is wider than the
/// screen, every control is at least 24 px and takes a tap at its centre (issue 9: « Soumettre » was covered).
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PhoneRecoveryTests(BrowserFixture browser)
{
    [BrowserFact]
    public Task Recovery_FrenchPhoneWithTaps_FitsAndEveryButtonTakesItsTap() => RecoverOnPhoneAsync(UiText.French);

    [BrowserFact]
    public Task Recovery_EnglishPhoneWithTaps_FitsAndEveryButtonTakesItsTap() => RecoverOnPhoneAsync(UiText.English);

    private async Task RecoverOnPhoneAsync(UiText language)
    {
        await using var session = await BrowserSession.StartAsync(
            browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        var member = Journey.Physician;

        await ui.Page.GotoAsync("/connexion");
        if (language != UiText.French)
        {
            await ui.Link(language.SwitchTo).TapAsync();
            ui.Text = language;
            await Expect(ui.Link(UiText.French.SwitchTo)).ToBeVisibleAsync();
        }

        await PhoneLayout.AssertFitsAsync(ui.Page, "the sign-in page");
        await ui.Link(ui.Text.ForgotPassword).TapAsync();
        await ui.ExpectRecoveryStartAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the identification step");
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the identification step at 360 px");

        await ui.Field(ui.Text.UserCode).FillAsync(member.UserCode);
        await ui.Field(ui.Text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
        await ui.SubmitButton.TapAsync();

        var shown = await ui.ShownQuestionsAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the questions step");
        foreach (var question in shown)
        {
            await ui.Field(question).FillAsync(RecoveryDriver.DemoAnswer(question));
        }

        await ui.SubmitButton.TapAsync();
        await Expect(ui.Page.GetByText(ui.Text.EmailQuestion)).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the email confirmation step");
        await ui.Radio(ui.Text.Yes).TapAsync();
        await Expect(ui.Radio(ui.Text.Yes)).ToBeCheckedAsync();
        await ui.SubmitButton.TapAsync();
        await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the mail-sent step");

        var mail = await session.App.Smtp.WaitForMailToAsync(member.Email, Journey.ResetLinkSubject);
        await ui.OpenLinkAsync(SmtpTestServer.ExtractResetLink(mail));
        shown = await ui.ShownQuestionsAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the link's questions step");
        foreach (var question in shown)
        {
            await ui.Field(question).FillAsync(RecoveryDriver.DemoAnswer(question));
        }

        await ui.SubmitButton.TapAsync();
        await Expect(ui.Field(ui.Text.NewPassword)).ToBeVisibleAsync();
        await PhoneLayout.AssertFitsAsync(ui.Page, "the new-password step");
        await ui.Field(ui.Text.NewPassword).FillAsync(Journey.NewPassword);
        await ui.Field(ui.Text.ConfirmPassword).FillAsync(Journey.NewPassword);
        await ui.SubmitButton.TapAsync();

        await ui.ExpectDoneAsync(member.Email, Journey.NewPassword);
        await PhoneLayout.AssertFitsAsync(ui.Page, "the last step");
        await ui.Link(ui.Text.SignInLink).TapAsync();
        await Expect(ui.Field(ui.Text.Email)).ToHaveValueAsync(member.Email);
        session.AssertNoServerErrors();
    }
}
