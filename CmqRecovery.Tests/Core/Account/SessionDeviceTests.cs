using CmqRecovery.Core.Account;

namespace CmqRecovery.Tests.Core.Account;

/// <summary>Real User-Agent strings of the common browsers and systems, and what « Mon compte » calls them.</summary>
public sealed class SessionDeviceTests
{
    public const string ChromeAndroid =
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

    public const string FirefoxWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", BrowserFamily.Edge, SystemFamily.Windows)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", BrowserFamily.Chrome, SystemFamily.Windows)]
    [InlineData(FirefoxWindows, BrowserFamily.Firefox, SystemFamily.Windows)]
    [InlineData(ChromeAndroid, BrowserFamily.Chrome, SystemFamily.Android)]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", BrowserFamily.SamsungInternet, SystemFamily.Android)]
    [InlineData("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 EdgA/130.0.0.0", BrowserFamily.Edge, SystemFamily.Android)]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", BrowserFamily.Safari, SystemFamily.MacOS)]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0", BrowserFamily.Firefox, SystemFamily.MacOS)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", BrowserFamily.Safari, SystemFamily.IOS)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1", BrowserFamily.Chrome, SystemFamily.IOS)]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15", BrowserFamily.Firefox, SystemFamily.IOS)]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1", BrowserFamily.Safari, SystemFamily.IPadOS)]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", BrowserFamily.Opera, SystemFamily.Windows)]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", BrowserFamily.Chrome, SystemFamily.Linux)]
    [InlineData("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", BrowserFamily.Firefox, SystemFamily.Linux)]
    [InlineData("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", BrowserFamily.Chrome, SystemFamily.ChromeOS)]
    [InlineData("curl/8.5.0", BrowserFamily.Unknown, SystemFamily.Unknown)]
    [InlineData("Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)", BrowserFamily.Unknown, SystemFamily.Unknown)]
    public void From_RealUserAgent_NamesItsBrowserAndSystem(string userAgent, BrowserFamily browser, SystemFamily system) =>
        Assert.Equal(new SessionDevice(browser, system), SessionDevice.From(userAgent));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void From_NoUserAgent_IsUnknown(string? userAgent) => Assert.Equal(SessionDevice.Unknown, SessionDevice.From(userAgent));

    [Fact]
    public void Truncate_LongOrBlank_KeepsAtMostTheColumnAndNullForNothing()
    {
        Assert.Equal(SessionDevice.MaxUserAgentLength, SessionDevice.Truncate(new string('a', 5000))!.Length);
        Assert.Equal(FirefoxWindows, SessionDevice.Truncate($"  {FirefoxWindows} "));
        Assert.Null(SessionDevice.Truncate("  "));
    }
}
