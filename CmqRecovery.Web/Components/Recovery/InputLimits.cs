namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// Upper bounds for what a field accepts. Well above anything legitimate, and far below SignalR's 32 KB message
/// limit: a huge paste into an interactive field would otherwise close the circuit instead of showing a message.
/// </summary>
public static class InputLimits
{
    public const int Email = 254;
    public const int UserCode = 20;
    public const int Captcha = 20;
    public const int Answer = 200;

    /// <summary>128 code points may take 256 UTF-16 units; room to spare so "too long" is explained, not truncated.</summary>
    public const int Password = 512;

    /// <summary>The most bytes one character takes in a posted form: 4 UTF-8 bytes, each written %XX.</summary>
    private const int FormBytesPerChar = 12;

    /// <summary>
    /// The sign-in post's whole body: every field at its limit, plus the antiforgery token, the challenge id and the
    /// field names. Past it the server stops reading and the post is refused (400) before the page runs: a 2 MB post
    /// costs no more than a normal one.
    /// </summary>
    public const long SignInFormBytes = ((Email + Password + Captcha) * FormBytesPerChar) + 4096;
}
