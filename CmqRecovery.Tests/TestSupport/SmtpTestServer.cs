using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using CmqRecovery.Web.Dev;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// A real SMTP server in the test process (the app's <see cref="EmbeddedSmtpServer"/>), receiving what MailKit sends.
/// <code>
/// await using var smtp = await SmtpTestServer.StartAsync();          // port 0: a free port
/// await using var host = await CoreTestHost.StartAsync(smtp.Settings); // Smtp:Host/Port/Security=None
/// ... queue mail, run DeliverOutbox.DeliverDueAsync() or let the app's sender run ...
/// var mail = await smtp.WaitForMailAsync(m => m.To == "marie.tremblay@example.org");   // 10 s default timeout
/// var link = SmtpTestServer.ExtractResetLink(mail);  // link.Url, link.Path, link.RequestId, link.Token
/// </code>
/// Members: Port, Host, Mailbox (DevMailbox), Messages (newest first), Settings / SettingsFor(port),
/// WaitForMailAsync(match, timeout?), WaitForMailToAsync(address, subject?, timeout?),
/// ExtractResetLink(mail) / TryExtractResetLink(text, out link), StopAsync(), DisposeAsync().
/// Waiting is event-driven (no polling); messages that arrived before the call count too.
/// A refusing relay: <c>smtp.Refuse("x@example.org", 550)</c> answers RCPT TO for that address with that code
/// (quoting the address, as real relays do) until <c>Accept("x@example.org")</c>; RcptReplies counts the refusals.
/// </summary>
public sealed partial class SmtpTestServer : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly RefusingFilter _filter;

    private SmtpTestServer(EmbeddedSmtpServer server, RefusingFilter filter) => (Server, _filter) = (server, filter);

    public EmbeddedSmtpServer Server { get; }

    public DevMailbox Mailbox => Server.Mailbox;

    public string Host => EmbeddedSmtpServer.Host;

    public int Port => Server.Port;

    /// <summary>Everything received so far, newest first.</summary>
    public IReadOnlyList<ReceivedMail> Messages => Mailbox.Messages;

    /// <summary>Configuration pointing the app's sender at this server.</summary>
    public Dictionary<string, string?> Settings => SettingsFor(Port);

    public static Dictionary<string, string?> SettingsFor(int port) => new()
    {
        ["Smtp:Host"] = EmbeddedSmtpServer.Host,
        ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
    };

    /// <param name="port">0 for any free port; a given port to (re)start on a known one.</param>
    public static async Task<SmtpTestServer> StartAsync(int port = 0)
    {
        var filter = new RefusingFilter();
        var server = new EmbeddedSmtpServer(new DevMailbox(), port, filter: filter);
        await server.StartAsync();
        return new SmtpTestServer(server, filter);
    }

    /// <summary>From now on, RCPT TO for <paramref name="address"/> gets <paramref name="code"/> (e.g. 550, 451).</summary>
    public void Refuse(string address, int code) => _filter.Refusals[address] = code;

    public void Accept(string address) => _filter.Refusals.TryRemove(address, out _);

    /// <summary>How many times RCPT TO for <paramref name="address"/> was refused.</summary>
    public int RefusalsOf(string address) => _filter.Refused.GetValueOrDefault(address);

    /// <summary>The first message (already received or arriving within <paramref name="timeout"/>) that matches.</summary>
    /// <exception cref="TimeoutException">None arrived in time; the message lists what did arrive.</exception>
    public async Task<ReceivedMail> WaitForMailAsync(Func<ReceivedMail, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<ReceivedMail>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReceived(ReceivedMail mail)
        {
            if (match(mail))
            {
                found.TrySetResult(mail);
            }
        }

        // Subscribe before looking at what is there, so a message arriving in between is not missed.
        Mailbox.Received += OnReceived;
        try
        {
            foreach (var mail in Messages.Reverse())
            {
                OnReceived(mail);
            }

            return await found.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            var seen = string.Join("; ", Messages.Select(m => $"« {m.Subject} » to {m.To}"));
            throw new TimeoutException($"No matching mail within {timeout ?? DefaultTimeout}. Received: [{seen}]");
        }
        finally
        {
            Mailbox.Received -= OnReceived;
        }
    }

    public Task<ReceivedMail> WaitForMailToAsync(string address, string? subject = null, TimeSpan? timeout = null) =>
        WaitForMailAsync(
            m => m.To.Contains(address, StringComparison.OrdinalIgnoreCase) && (subject is null || m.Subject == subject),
            timeout);

    /// <summary>The reset link in a mail's text part (<c>…/reinitialisation/{32 hex}/{43 base64url}</c>).</summary>
    public static MailedResetLink ExtractResetLink(ReceivedMail mail) =>
        TryExtractResetLink(mail.Text ?? mail.Html ?? string.Empty, out var link)
            ? link
            : throw new InvalidOperationException($"No reset link in mail « {mail.Subject} ».");

    public static bool TryExtractResetLink(string text, out MailedResetLink link)
    {
        var found = ResetLinkPattern().Match(text);
        link = found.Success
            ? new MailedResetLink(new Uri(found.Value), found.Groups["path"].Value, found.Groups["id"].Value, found.Groups["token"].Value)
            : null!;
        return found.Success;
    }

    public Task StopAsync() => Server.StopAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private sealed class RefusingFilter : IMailboxFilter
    {
        public ConcurrentDictionary<string, int> Refusals { get; } = new(StringComparer.OrdinalIgnoreCase);

        public ConcurrentDictionary<string, int> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var address = to.AsAddress();
            if (!Refusals.TryGetValue(address, out var code))
            {
                return Task.FromResult(true);
            }

            Refused.AddOrUpdate(address, 1, (_, count) => count + 1);
            var status = code >= 500 ? "5.1.1" : "4.2.1";
            throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)code, $"{status} <{address}>: Recipient address rejected"));
        }
    }

    [GeneratedRegex(@"https?://[^\s/""<>]+(?<path>/(?:[^\s""<>]*/)?reinitialisation/(?<id>[0-9a-f]{32})/(?<token>[A-Za-z0-9_-]{43}))(?![A-Za-z0-9_-])")]
    private static partial Regex ResetLinkPattern();
}

/// <summary>A reset link as mailed: the absolute URL, its path (for a test client), and its two parts.</summary>
public sealed record MailedResetLink(Uri Url, string Path, string RequestId, string Token);
