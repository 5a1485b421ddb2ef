using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// The wizard runs on Blazor's script, MudBlazor's (its radios and check box connect its key interceptor: decision
/// 0001) and its own, and nothing the pages run fails in the browser's console.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PageScriptTests(BrowserFixture browser)
{
    // Written out, as UiText's labels are: a lost label fails the test.
    private const string ShowPasswords = "Afficher les mots de passe";

    [BrowserFact]
    public async Task Recovery_WholeJourney_NoConsoleErrorAndMudBlazorScriptFingerprinted()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var errors = new List<string>();
        var requests = new List<string>();
        ui.Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console: {message.Text}");
            }
        };
        ui.Page.PageError += (_, error) => errors.Add($"page: {error}");
        ui.Page.Request += (_, request) => requests.Add(request.Url);

        await ui.OpenRecoveryAsync();
        var link = await ui.RequestResetLinkAsync("54321", Journey.Physician.Email);
        await ui.OpenLinkAndAnswerAsync(link);
        // The check box, found by its label, turns both fields to text: its change reached the step.
        await ui.Page.GetByRole(AriaRole.Checkbox, new() { Name = ShowPasswords, Exact = true }).CheckAsync();
        await Expect(ui.Field(ui.Text.NewPassword)).ToHaveAttributeAsync("type", "text");
        await Expect(ui.Field(ui.Text.ConfirmPassword)).ToHaveAttributeAsync("type", "text");
        await ui.ChoosePasswordAsync(Journey.NewPassword);
        await ui.ExpectDoneAsync(Journey.Physician.Email, Journey.NewPassword);

        Assert.Empty(errors);
        Assert.Contains(requests, url => url.Contains("/_framework/blazor.web", StringComparison.Ordinal));
        // The app's own fingerprinted copy (compressed, cached for good), never the package's uncompressed _content/ one.
        Assert.Contains(requests, url => url.Contains("/lib/mudblazor/MudBlazor.min.", StringComparison.Ordinal) && url.EndsWith(".js", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, url => url.Contains("_content/MudBlazor", StringComparison.Ordinal));
        session.AssertNoServerErrors();
    }
}
