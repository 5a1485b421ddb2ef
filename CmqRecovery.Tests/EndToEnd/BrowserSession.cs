using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>One test's world: its own app (database, SMTP server), its own browser context and a first page.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly BrowserFixture _browser;
    private readonly List<IBrowserContext> _contexts = [];

    private BrowserSession(BrowserFixture browser, RunningApp app)
    {
        _browser = browser;
        App = app;
    }

    public RunningApp App { get; }

    public RecoveryDriver Driver { get; private set; } = null!;

    public IPage Page => Driver.Page;

    public static async Task<BrowserSession> StartAsync(
        BrowserFixture browser, IDictionary<string, string?>? settings = null, bool fakeClock = false,
        int width = 1280, int height = 900, bool embeddedSmtp = false, bool phone = false,
        DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        // Fail (CI) before paying for an app when there is no browser.
        _ = browser.Browser;
        var session = new BrowserSession(browser, await RunningApp.StartAsync(provider, settings, fakeClock, embeddedSmtp));
        session.Driver = await session.NewDriverAsync(width, height, phone);
        return session;
    }

    /// <summary>Another browser context (its own cookies and circuit), as a second browser would be.</summary>
    public async Task<RecoveryDriver> NewDriverAsync(int width = 1280, int height = 900, bool phone = false)
    {
        var context = await _browser.NewContextAsync(App.BaseUrl, width, height, phone);
        _contexts.Add(context);
        return new RecoveryDriver(await context.NewPageAsync(), App, UiText.French);
    }

    /// <summary>Every journey ends here: the app logged no error behind the pages' backs.</summary>
    public void AssertNoServerErrors() => Assert.True(App.Logs.Errors.Count == 0, string.Join("\n\n", App.Logs.Errors));

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await App.DisposeAsync();
    }
}
