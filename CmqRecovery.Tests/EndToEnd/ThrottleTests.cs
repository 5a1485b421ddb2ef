using CmqRecovery.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>Per-IP limits in a real circuit: an inline, bilingual "too many attempts", and the circuit lives on.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ThrottleTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Answers_PastThePerIpLimit_ShowTooManyAttemptsInlineAndTheCircuitLives()
    {
        await using var session = await BrowserSession.StartAsync(browser, new Dictionary<string, string?>
        {
            ["RateLimits:AnswerCheck:PermitLimit"] = "2",
            ["RateLimits:AnswerCheck:Window"] = "00:15:00",
        });
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        await ui.IdentifyAsync("54321");
        for (var i = 0; i < 2; i++)
        {
            await ui.AnswerQuestionsAsync(correct: false);
            await Expect(ui.Alert(ui.Text.AnswersFailed)).ToBeVisibleAsync();
        }

        await ui.AnswerQuestionsAsync(correct: true);

        await Expect(ui.Alert("Trop de tentatives. Réessayez dans 15 minutes.")).ToBeVisibleAsync();
        await Expect(ui.AnyQuestionField.First).ToBeVisibleAsync();
        // The same circuit still answers: another try gets the same inline message, and no reconnect dialog.
        await ui.AnswerQuestionsAsync(correct: true);
        await Expect(ui.Alert("Trop de tentatives. Réessayez dans 15 minutes.")).ToBeVisibleAsync();
        await Expect(ui.Page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();

        // In English (a new page), the same per-IP limit speaks English.
        await ui.SwitchLanguageAsync(UiText.English);
        await ui.ExpectRecoveryStartAsync();
        await ui.IdentifyAsync("54321");
        await ui.AnswerQuestionsAsync(correct: true);
        await Expect(ui.Alert("Too many attempts. Try again in 15 minutes.")).ToBeVisibleAsync();
        session.AssertNoServerErrors();
    }
}
