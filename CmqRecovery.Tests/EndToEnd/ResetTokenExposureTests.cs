using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>Once the mailed link is opened its token leaves the address bar, and the language switch never copies it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ResetTokenExposureTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task OpenLink_Valid_ReplacesTheAddressWithTheBareResetPathAndKeepsGoing()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var link = await ui.RequestResetLinkAsync("54321", Journey.Physician.Email);

        await ui.OpenLinkAsync(link);

        await Expect(ui.Page).ToHaveURLAsync(session.App.BaseUrl + "/reinitialisation");
        await Expect(ui.AnyQuestionField.First).ToBeVisibleAsync();
        Assert.DoesNotContain(link.Token, await ui.Page.EvaluateAsync<string>("() => location.href"), StringComparison.Ordinal);
        Assert.DoesNotContain(link.Token, await ui.Link(UiText.English.SwitchTo).GetAttributeAsync("href") ?? "", StringComparison.Ordinal);

        // Same circuit, same page: the second challenge and the new password still work.
        await ui.AnswerQuestionsAsync();
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(Journey.Physician.Email, Journey.NewPassword);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task SwitchLanguage_OnOpenedLink_NeverSendsTheToken()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        await ui.OpenRecoveryAsync();
        var link = await ui.RequestResetLinkAsync("R12345", Journey.Resident.Email);
        var requests = new List<string>();
        ui.Page.Request += (_, request) => requests.Add(request.Url);

        await ui.OpenLinkAsync(link);
        await Expect(ui.AnyQuestionField.First).ToBeVisibleAsync();
        await ui.SwitchLanguageAsync(UiText.English);

        await Expect(ui.Page).ToHaveURLAsync(session.App.BaseUrl + "/reinitialisation");
        // Only the link itself carried the token; the switch's request and its redirect did not.
        Assert.Equal([link.Url.ToString()], requests.Where(url => url.Contains(link.Token, StringComparison.Ordinal)));
        Assert.Contains(requests, url => url.Contains("/culture?", StringComparison.Ordinal));
        session.AssertNoServerErrors();
    }
}
