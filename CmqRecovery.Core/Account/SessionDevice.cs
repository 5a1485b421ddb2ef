namespace CmqRecovery.Core.Account;

public enum BrowserFamily
{
    Unknown,
    Edge,
    Chrome,
    Firefox,
    Safari,
    SamsungInternet,
    Opera,
}

public enum SystemFamily
{
    Unknown,
    Windows,
    MacOS,
    IOS,
    IPadOS,
    Android,
    Linux,
    ChromeOS,
}

/// <summary>
/// The browser and system a sign-in session was opened from, as « Mon compte » names them, read from the User-Agent
/// stored with the session. A small classifier of the common families, not a parser: anything else (or no header,
/// or a session older than the column) is <see cref="BrowserFamily.Unknown"/>. The header is the client's own
/// claim, so this helps a member recognise their devices; it proves nothing.
/// </summary>
public sealed record SessionDevice(BrowserFamily Browser, SystemFamily System)
{
    /// <summary>What a session row keeps of the header, at most (the column's length).</summary>
    public const int MaxUserAgentLength = 512;

    public static SessionDevice Unknown { get; } = new(BrowserFamily.Unknown, SystemFamily.Unknown);

    public static SessionDevice From(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? Unknown : new(BrowserOf(userAgent), SystemOf(userAgent));

    /// <summary>The header as stored: trimmed, cut to <see cref="MaxUserAgentLength"/>, null when empty.</summary>
    public static string? Truncate(string? userAgent)
    {
        var trimmed = userAgent?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= MaxUserAgentLength ? trimmed : trimmed[..MaxUserAgentLength];
    }

    // Order matters: Edge, Samsung Internet and Opera also say "Chrome/" and "Safari/"; Chrome also says "Safari/".
    private static BrowserFamily BrowserOf(string ua) =>
        Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/") ? BrowserFamily.Edge
        : Has(ua, "SamsungBrowser/") ? BrowserFamily.SamsungInternet
        : Has(ua, "OPR/") || Has(ua, "OPiOS/") || Has(ua, "Opera") ? BrowserFamily.Opera
        : Has(ua, "Firefox/") || Has(ua, "FxiOS/") ? BrowserFamily.Firefox
        : Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/") ? BrowserFamily.Chrome
        : Has(ua, "Safari/") && Has(ua, "Version/") ? BrowserFamily.Safari
        : BrowserFamily.Unknown;

    // Android before Linux (Android says "Linux"); iPhone and iPad before macOS (they say "like Mac OS X"). An iPad
    // asking for desktop sites says "Macintosh" and is named macOS: the header leaves no honest way to tell.
    private static SystemFamily SystemOf(string ua) =>
        Has(ua, "Windows") ? SystemFamily.Windows
        : Has(ua, "iPhone") || Has(ua, "iPod") ? SystemFamily.IOS
        : Has(ua, "iPad") ? SystemFamily.IPadOS
        : Has(ua, "Android") ? SystemFamily.Android
        : Has(ua, "CrOS") ? SystemFamily.ChromeOS
        : Has(ua, "Macintosh") || Has(ua, "Mac OS X") ? SystemFamily.MacOS
        : Has(ua, "Linux") ? SystemFamily.Linux
        : SystemFamily.Unknown;

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.Ordinal);
}
