using Microsoft.Playwright;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>Where the browser tests find Chromium, and what happens when it is not there.</summary>
public static class BrowserAvailability
{
    /// <summary>Debian's Chromium; CHROMIUM_PATH overrides it (e.g. to check the skip and the CI failure).</summary>
    public static string ChromiumPath { get; } =
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static string InstallHint =>
        $"Chromium is not installed at {ChromiumPath}: install it with `apt-get install chromium` to run the browser tests.";

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    /// <summary>CI must prove the journeys, so there a missing browser is a failure, not a skip.</summary>
    public static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A browser test: skipped with an install hint when Chromium is missing, except under CI=true, where it runs
/// and the <see cref="BrowserFixture"/> fails it with the same hint.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        // Playwright's own waits time out, but a hang outside them (an evaluate in a frame that never answers,
        // a host that never stops) must fail the test, not stall CI. The longest journey takes about 30 s.
        Timeout = 180_000;
        if (!BrowserAvailability.ChromiumInstalled && !BrowserAvailability.RunningInCi)
        {
            Skip = BrowserAvailability.InstallHint;
        }
    }
}

/// <summary>
/// One headless Debian Chromium for the whole browser collection; each test takes its own context (own cookies).
/// Playwright's browser download cannot work here and is never attempted.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(BrowserAvailability.InstallHint);

    public async Task InitializeAsync()
    {
        if (!BrowserAvailability.ChromiumInstalled)
        {
            // Outside CI every test is already skipped; under CI the first test reports this.
            return;
        }

        // Web-first assertions wait up to this long; a Blazor round trip on 2 busy cores is well inside it.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserAvailability.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh context (cookies, storage) for one test, French Canadian unless told otherwise.</summary>
    public async Task<IBrowserContext> NewContextAsync(string baseUrl, int width = 1280, int height = 900, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = "fr-CA",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            // A phone: touch events, the meta viewport honoured, no mouse hover.
            HasTouch = phone,
            IsMobile = phone,
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Browser tests run one at a time (2 cores: the app, the browser and the test share them) with one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
