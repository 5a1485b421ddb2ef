using System.Text.RegularExpressions;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// Takes member addresses out of what the sender logs or stores. A relay's reply often quotes the recipient
/// (« 550 5.1.1 &lt;marie.tremblay@example.org&gt;: unknown »), and MailKit's exception messages carry that reply.
/// </summary>
public static partial class MailRedaction
{
    public const string Placeholder = "[address]";

    /// <summary>
    /// Every email-shaped piece of <paramref name="text"/>, then <paramref name="to"/> itself and its local part
    /// (some relays quote only that), replaced by <see cref="Placeholder"/>.
    /// </summary>
    public static string Redact(string text, string? to)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = EmailShaped().Replace(text, Placeholder);
        if (!string.IsNullOrWhiteSpace(to))
        {
            redacted = redacted.Replace(to, Placeholder, StringComparison.OrdinalIgnoreCase);
            var at = to.LastIndexOf('@');
            if (at >= 3)
            {
                redacted = redacted.Replace(to[..at], Placeholder, StringComparison.OrdinalIgnoreCase);
            }
        }

        return redacted;
    }

    // Anything@anything between the delimiters a reply puts around an address; broad on purpose (over-redacting costs nothing).
    [GeneratedRegex(@"[^\s<>""'(),;:\[\]]*@[^\s<>""'(),;:\[\]]*")]
    private static partial Regex EmailShaped();
}
