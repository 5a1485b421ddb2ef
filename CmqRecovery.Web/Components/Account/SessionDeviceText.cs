using System.Globalization;
using CmqRecovery.Core.Account;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Web.Components.Account;

/// <summary>A session's browser and system in words: « Chrome sur Android », "Firefox on Windows", « Navigateur inconnu ».</summary>
public static class SessionDeviceText
{
    public static string Describe(IStringLocalizer text, SessionDevice device)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(device);
        var browser = Browser(device.Browser) ?? text["SessionBrowserUnknown"].Value;
        return System(device.System) is { } system
            ? string.Format(CultureInfo.CurrentCulture, text["SessionDeviceFormat"], browser, system)
            : browser;
    }

    // Product names: the same in French and English.
    private static string? Browser(BrowserFamily family) => family switch
    {
        BrowserFamily.Edge => "Edge",
        BrowserFamily.Chrome => "Chrome",
        BrowserFamily.Firefox => "Firefox",
        BrowserFamily.Safari => "Safari",
        BrowserFamily.SamsungInternet => "Samsung Internet",
        BrowserFamily.Opera => "Opera",
        _ => null,
    };

    private static string? System(SystemFamily family) => family switch
    {
        SystemFamily.Windows => "Windows",
        SystemFamily.MacOS => "macOS",
        SystemFamily.IOS => "iOS",
        SystemFamily.IPadOS => "iPadOS",
        SystemFamily.Android => "Android",
        SystemFamily.Linux => "Linux",
        SystemFamily.ChromeOS => "ChromeOS",
        _ => null,
    };
}
