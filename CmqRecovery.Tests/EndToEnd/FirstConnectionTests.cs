using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using CmqRecovery.Web.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// A page whose first circuit cannot connect: its node died between the page and the circuit, and the proxy answered
/// the hub's negotiation with 502. Blazor alone retries only a connection it had, so such a page stayed inert and
/// silent (seen in the kill -9 run). Components/Layout/ReconnectModal.razor.js starts Blazor so that the first
/// connection is tried again, then the dialog says to reload; so is the fetch of Blazor's initializers that comes before
/// it (a refused one left the page inert in a kill -9 run). The browser's own router answers those requests here:
/// the app is untouched, and the page sees exactly what a proxy with no live node behind it sends.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class FirstConnectionTests(BrowserFixture browser)
{
    private const string Negotiation = "**/_blazor/negotiate*";
    private const string Initializers = "**/_blazor/initializers";

    // ReconnectModal.razor.js: the first try, then three more after 1, 2 and 4 s.
    private const int Tries = 4;
    private static readonly TimeSpan RetryWaits = TimeSpan.FromSeconds(1 + 2 + 4);

    private static readonly (string Failed, string Reload) French = (
        "La page n'a pas pu joindre le serveur. Rechargez-la pour continuer.", "Recharger la page");

    private static readonly (string Failed, string Reload) English = (
        "The page could not reach the server. Reload it to continue.", "Reload the page");

    [BrowserFact]
    public async Task OpenRecovery_FirstNegotiationRefusedOnce_TriesAgainAndTheWizardRuns()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var negotiations = await RefuseNegotiationsAsync(ui.Page, refuse: 1);

        // The captcha image is drawn by the circuit: the page is live, on the second try, with no dialog.
        await ui.OpenRecoveryAsync();

        Assert.Equal(2, negotiations.Count);
        await Expect(Dialog(ui.Page)).ToBeHiddenAsync();
        await ui.IdentifyAsync("54321");
        Assert.Equal(2, (await ui.ShownQuestionsAsync()).Count);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task OpenRecovery_HubRefusedOnEveryTry_SaysToReloadAndReloadWorksOnceTheHubIsBack()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var negotiations = await RefuseNegotiationsAsync(ui.Page, refuse: int.MaxValue);

        await ui.Page.GotoAsync(Routes.Recovery);

        var dialog = Dialog(ui.Page);
        // The waits between tries are the script's, on top of the usual wait for a page's answer.
        await Expect(dialog.GetByText(French.Failed)).ToBeVisibleAsync(new() { Timeout = (float)(RetryWaits.TotalMilliseconds + 10_000) });
        Assert.Equal(Tries, negotiations.Count);
        // A modal dialog, the focus on its one button (named by its text, described by the message): Enter reloads.
        var reload = dialog.GetByRole(AriaRole.Button, new() { Name = French.Reload, Exact = true });
        await Expect(reload).ToBeFocusedAsync();
        await Expect(reload).ToHaveAccessibleDescriptionAsync(French.Failed);
        await Expect(dialog.GetByRole(AriaRole.Button)).ToHaveCountAsync(1);
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the first connection's failure");

        await ui.Page.UnrouteAsync(Negotiation);
        await ui.Page.Keyboard.PressAsync("Enter");

        await ui.ExpectRecoveryStartAsync();
        await Expect(dialog).ToBeHiddenAsync();
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task OpenRecovery_HubRefusedOnAPhoneInEnglish_SaysToReloadInEnglishAndFits()
    {
        await using var session = await BrowserSession.StartAsync(
            browser, width: PhoneLayout.Width, height: PhoneLayout.Height, phone: true);
        var ui = session.Driver;
        await RefuseNegotiationsAsync(ui.Page, refuse: int.MaxValue);

        await ui.Page.GotoAsync(CultureEndpoint.LinkFor(Cultures.English, Routes.Recovery));

        var dialog = Dialog(ui.Page);
        await Expect(dialog.GetByText(English.Failed)).ToBeVisibleAsync(new() { Timeout = (float)(RetryWaits.TotalMilliseconds + 10_000) });
        var reload = dialog.GetByRole(AriaRole.Button, new() { Name = English.Reload, Exact = true });
        await Expect(reload).ToBeFocusedAsync();
        await AxeCheck.AssertNoViolationsAsync(ui.Page, "the first connection's failure, in English on a phone");
        // PhoneLayout's check would tap the page's own controls, which a modal dialog makes inert on purpose: here
        // the dialog fits the screen and its button is a target a tap reaches (WCAG 2.5.8: 24 × 24 px).
        var box = await dialog.BoundingBoxAsync();
        Assert.True(box is { X: >= 0 } && box.X + box.Width <= PhoneLayout.Width, $"The dialog spans {box?.X}..{box?.X + box?.Width} px.");
        Assert.True(await ui.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= PhoneLayout.Width);
        var target = await reload.BoundingBoxAsync();
        Assert.True(target is { Width: >= PhoneLayout.MinTarget, Height: >= PhoneLayout.MinTarget }, $"The button is {target?.Width}×{target?.Height} px.");
        await reload.TapAsync(new() { Trial = true });
    }

    [BrowserFact]
    public async Task OpenRecovery_SocketClosedDuringEveryCircuitStart_SaysToReload()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var closed = await CloseSocketsAtStartCircuitAsync(ui.Page, close: int.MaxValue);

        await ui.Page.GotoAsync(Routes.Recovery);

        var dialog = Dialog(ui.Page);
        await Expect(dialog.GetByText(French.Failed)).ToBeVisibleAsync(new() { Timeout = (float)(RetryWaits.TotalMilliseconds + 15_000) });
        Assert.Equal(Tries, closed.Count);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = French.Reload, Exact = true })).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task OpenRecovery_SocketClosedDuringTheFirstCircuitStartOnly_TriesAgainAndTheWizardRuns()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var closed = await CloseSocketsAtStartCircuitAsync(ui.Page, close: 1);

        await ui.OpenRecoveryAsync();

        Assert.Single(closed);
        await Expect(Dialog(ui.Page)).ToBeHiddenAsync();
        await ui.IdentifyAsync("54321");
        Assert.Equal(2, (await ui.ShownQuestionsAsync()).Count);
    }

    [BrowserFact]
    public async Task OpenRecovery_InitializersRefusedOnce_TriesAgainAndTheWizardRuns()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        // What the page saw in a kill -9 run: its node died between the page and Blazor's first request.
        var fetches = await FailFirstAsync(ui.Page, Initializers, fail: 1, route => route.AbortAsync("connectionrefused"));

        await ui.OpenRecoveryAsync();

        Assert.Equal(2, fetches.Count);
        await Expect(Dialog(ui.Page)).ToBeHiddenAsync();
        await ui.IdentifyAsync("54321");
        Assert.Equal(2, (await ui.ShownQuestionsAsync()).Count);
        session.AssertNoServerErrors();
    }

    [BrowserFact]
    public async Task OpenRecovery_InitializersBadGatewayOnEveryTry_SaysToReloadAndReloadWorksOnceTheyAreBack()
    {
        await using var session = await BrowserSession.StartAsync(browser);
        var ui = session.Driver;
        var fetches = await FailFirstAsync(ui.Page, Initializers, fail: int.MaxValue, BadGatewayAsync);

        await ui.Page.GotoAsync(Routes.Recovery);

        var dialog = Dialog(ui.Page);
        await Expect(dialog.GetByText(French.Failed)).ToBeVisibleAsync(new() { Timeout = (float)(RetryWaits.TotalMilliseconds + 10_000) });
        Assert.Equal(Tries, fetches.Count);
        var reload = dialog.GetByRole(AriaRole.Button, new() { Name = French.Reload, Exact = true });
        await Expect(reload).ToBeFocusedAsync();

        await ui.Page.UnrouteAsync(Initializers);
        await ui.Page.Keyboard.PressAsync("Enter");

        await ui.ExpectRecoveryStartAsync();
        await Expect(dialog).ToBeHiddenAsync();
        session.AssertNoServerErrors();
    }

    /// <summary>Fails the first <paramref name="fail"/> requests to <paramref name="pattern"/> with <paramref name="failure"/>, lets the others through; counts them all.</summary>
    private static async Task<List<DateTime>> FailFirstAsync(IPage page, string pattern, int fail, Func<IRoute, Task> failure)
    {
        var requests = new List<DateTime>();
        await page.RouteAsync(pattern, async route =>
        {
            int count;
            lock (requests)
            {
                requests.Add(DateTime.UtcNow);
                count = requests.Count;
            }

            if (count <= fail)
            {
                await failure(route);
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        return requests;
    }

    /// <summary>
    /// Relays the circuit's WebSocket, and closes the first <paramref name="close"/> ones when the page sends StartCircuit
    /// (after the hub's handshake): what a node dying during the circuit's start does to the page.
    /// </summary>
    private static async Task<List<DateTime>> CloseSocketsAtStartCircuitAsync(IPage page, int close)
    {
        var closed = new List<DateTime>();
        var startCircuit = System.Text.Encoding.ASCII.GetBytes("StartCircuit");
        await page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/_blazor"), ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame =>
            {
                var bytes = frame.Binary ?? System.Text.Encoding.UTF8.GetBytes(frame.Text ?? string.Empty);
                bool closing;
                lock (closed)
                {
                    closing = bytes.AsSpan().IndexOf(startCircuit) >= 0 && closed.Count < close;
                    if (closing)
                    {
                        closed.Add(DateTime.UtcNow);
                    }
                }

                if (closing)
                {
                    _ = server.CloseAsync();
                    _ = ws.CloseAsync(new() { Code = 1011, Reason = "node gone" });
                    return;
                }

                if (frame.Binary is { } binary)
                {
                    server.Send(binary);
                }
                else
                {
                    server.Send(frame.Text!);
                }
            });
            server.OnMessage(frame =>
            {
                if (frame.Binary is { } binary)
                {
                    ws.Send(binary);
                }
                else
                {
                    ws.Send(frame.Text!);
                }
            });
        });
        return closed;
    }

    private static ILocator Dialog(IPage page) => page.GetByRole(AriaRole.Dialog);

    /// <summary>Answers the first <paramref name="refuse"/> negotiations with 502, lets the others through; counts them all.</summary>
    private static Task<List<DateTime>> RefuseNegotiationsAsync(IPage page, int refuse) =>
        FailFirstAsync(page, Negotiation, refuse, BadGatewayAsync);

    /// <summary>What a proxy with no live node behind it answers.</summary>
    private static Task BadGatewayAsync(IRoute route) => route.FulfillAsync(new() { Status = 502, Body = "502 Bad Gateway" });
}
