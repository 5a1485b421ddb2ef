namespace CmqRecovery.Load;

/// <summary>
/// The app runs as in production, where it is reached over HTTPS only, through its TLS proxy, and refuses plain HTTP
/// (400). The tool plays the proxy's part without TLS, so the app's CPU stays its own as behind haproxy: the app
/// trusts 127.0.0.1 as its proxy, and every browser request says X-Forwarded-Proto: https (Chromium sends the extra
/// headers on the circuit's WebSocket handshake too, from version 151).
/// </summary>
internal static class BehindProxy
{
    public static IReadOnlyDictionary<string, string> AppSettings { get; } = new Dictionary<string, string>
    {
        ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
    };

    public static Dictionary<string, string> Headers => new() { ["X-Forwarded-Proto"] = "https" };
}
