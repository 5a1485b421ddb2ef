using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>From the fifth failure for an email, the sign-in form also asks for the captcha; it never locks the member out.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SignInCaptchaTests(BrowserFixture browser, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task SignIn_FiveFailures_FormAsksForTheCaptchaLabelledAndAxeCleanInBothLanguages()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var reports = new List<string>();
        foreach (var (text, member) in new[] { (UiText.French, Journey.Physician), (UiText.English, Journey.Resident) })
        {
            var ui = await session.NewDriverAsync();
            await ui.Page.GotoAsync("/connexion");
            if (text == UiText.English)
            {
                await ui.SwitchLanguageAsync(UiText.English);
            }

            for (var i = 0; i < 4; i++)
            {
                await ui.SignInAsync(i == 0 ? member.Email : null, "pas le bon mot de passe");
                await Expect(ui.Alert(text.SignInRefused)).ToBeVisibleAsync();
                await Expect(ui.CaptchaImage).ToHaveCountAsync(0);
            }

            await ui.SignInAsync(null, "pas le bon mot de passe");
            await Expect(ui.Alert(text.SignInRefused)).ToBeVisibleAsync();
            await Expect(ui.CaptchaImage).ToBeVisibleAsync();
            await Expect(ui.Field(text.Captcha)).ToBeEmptyAsync();
            if (await AxeCheck.ReportAsync(ui.Page, $"login with the captcha ({text.Language})") is { } report)
            {
                reports.Add(report);
            }

            // The member, with the captcha, gets in: no lock at five.
            await ui.Field(text.Captcha).FillAsync(TestHostSettings.CaptchaCode);
            await ui.SignInAsync(null, DemoMembers.Password);
            await Expect(ui.MyAccountHeading).ToBeVisibleAsync();
        }

        output.WriteLine($"axe reports: {reports.Count}");
        Assert.True(reports.Count == 0, string.Join("\n\n", reports));
        session.AssertNoServerErrors();
    }
}
