using System.Net;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// The circuit cap's refusal (Hosting/CircuitAdmission.cs, RefusalPage.cs) as Chromium shows it on a phone: an address
/// that holds its share of circuits gets the short "too many open pages" page, in French and in English, which fits
/// 360 px, is axe-clean, and whose link brings the page back once another one is closed.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TooManyOpenPagesTests(BrowserFixture browser)
{
    private const string TooManyFr = "Fermez les autres onglets de ce site, puis rechargez cette page.";
    private const string TooManyEn = "Close the other tabs of this site, then reload this page.";

    [BrowserFact]
    public async Task OpenRecovery_AddressHoldsItsShareOnAPhone_ShowsTheRefusalInFrenchAndEnglishThatFitsAndReloads()
    {
        await using var session = await BrowserSession.StartAsync(
            browser, new Dictionary<string, string?> { ["Circuits:MaxPerClient"] = "1" });
        // The one circuit this address may hold (every context here comes from 127.0.0.1).
        var holder = session.Driver;
        await holder.OpenRecoveryAsync();

        var french = await session.NewDriverAsync(PhoneLayout.Width, PhoneLayout.Height, phone: true);
        await ExpectRefusalAsync(french.Page, "fr", TooManyFr);

        var english = await session.NewDriverAsync(PhoneLayout.Width, PhoneLayout.Height, phone: true);
        // English chosen on the sign-in page, a static page that opens no circuit.
        await english.Page.GotoAsync("/connexion");
        await english.SwitchLanguageAsync(UiText.English);
        await ExpectRefusalAsync(english.Page, "en", TooManyEn);

        // What the page says to do works: once the other tab is closed, its link opens a live wizard.
        await holder.Page.CloseAsync();
        await french.Page.GetByRole(AriaRole.Link).TapAsync();
        await french.ExpectRecoveryStartAsync();
        session.AssertNoServerErrors();
    }

    private static async Task ExpectRefusalAsync(IPage page, string language, string text)
    {
        var response = await page.GotoAsync("/recuperation");

        Assert.Equal((int)HttpStatusCode.TooManyRequests, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(text);
        await Expect(page.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        Assert.Equal(language, await page.EvaluateAsync<string>("() => document.documentElement.lang.slice(0, 2)"));
        await PhoneLayout.AssertFitsAsync(page, $"the too-many-open-pages refusal ({language})");
        await AxeCheck.AssertNoViolationsAsync(page, $"the too-many-open-pages refusal ({language})");
    }
}
