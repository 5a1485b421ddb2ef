using MimeKit;

namespace CmqRecovery.Web.Dev;

/// <summary>One message as the embedded SMTP server received it; <see cref="Message"/> is the full parsed MIME.</summary>
public sealed record ReceivedMail(
    Guid Id,
    DateTimeOffset ReceivedAt,
    string From,
    string To,
    string Subject,
    string? Text,
    string? Html,
    MimeMessage Message);

/// <summary>
/// In-memory mailbox for Development and tests: thread-safe, newest first, keeps the last <see cref="Capacity"/>
/// messages. <see cref="Received"/> fires after each new message, <see cref="Changed"/> after any change.
/// </summary>
public sealed class DevMailbox(TimeProvider? time = null, int capacity = 200)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly LinkedList<ReceivedMail> _messages = new();
    private readonly Lock _lock = new();

    /// <summary>Handlers run on the SMTP session's thread and must not block; their exceptions are ignored so a page cannot refuse mail.</summary>
    public event Action<ReceivedMail>? Received;

    public event Action? Changed;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>A snapshot, newest first.</summary>
    public IReadOnlyList<ReceivedMail> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    public ReceivedMail? Find(Guid id)
    {
        lock (_lock)
        {
            return _messages.FirstOrDefault(m => m.Id == id);
        }
    }

    public ReceivedMail Add(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = new ReceivedMail(
            Guid.NewGuid(),
            _time.GetUtcNow(),
            Addresses(message.From),
            Addresses(message.To),
            message.Subject ?? string.Empty,
            message.TextBody,
            message.HtmlBody,
            message);
        lock (_lock)
        {
            _messages.AddFirst(mail);
            while (_messages.Count > Capacity)
            {
                _messages.RemoveLast();
            }
        }

        Raise(Received, mail);
        Raise(Changed);
        return mail;
    }

    // "Name <address>", decoded, joined by ", ": stable text for pages and assertions.
    private static string Addresses(InternetAddressList list) => string.Join(", ", list.Mailboxes.Select(m =>
        string.IsNullOrEmpty(m.Name) ? m.Address : $"{m.Name} <{m.Address}>"));

    private static void Raise(Action<ReceivedMail>? handlers, ReceivedMail mail)
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<Action<ReceivedMail>>() ?? [])
        {
            try
            {
                handler(mail);
            }
            catch (Exception)
            {
                // A subscriber's failure must not fail the SMTP transaction.
            }
        }
    }

    private static void Raise(Action? handlers)
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<Action>() ?? [])
        {
            try
            {
                handler();
            }
            catch (Exception)
            {
                // As above.
            }
        }
    }
}
