using System.Security.Cryptography;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Operations;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// One delivery pass over the outbox: claims each due message, sends it with MailKit, then records the outcome
/// (sent: bodies erased; failed: retry later with exponential backoff) and audits it in the same SaveChanges.
/// A relay's permanent refusal (5xx on RCPT or DATA) abandons the message at once: it would be refused for a day
/// otherwise. A 5xx on MAIL FROM or while connecting is about our sender or our credentials, the same for every
/// message: retried like any transient failure, so a configuration error never discards the whole queue.
/// Nothing logged or stored here carries the recipient's address (<see cref="MailRedaction"/>).
/// Delivery is at least once: a node that dies between sending and saving leaves the message to be sent again.
/// </summary>
public sealed class DeliverOutbox(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    OutboxProtector protector,
    AuditTrail audit,
    IOptionsMonitor<SmtpOptions> options,
    TimeProvider time,
    ILogger<DeliverOutbox> logger,
    RecoveryMetrics? metrics = null)
{
    /// <summary>Given-up messages wait here forever; no pass picks them again. (Whole seconds: stored exactly.)</summary>
    public static readonly DateTimeOffset Never = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private enum Outcome { Sent, Failed, ConnectionFailed }

    /// <returns>How many messages were delivered in this pass.</returns>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        List<DueMessage> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.OutboxMessages
                .Where(m => m.SentAt == null && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt)
                .Take(settings.BatchSize)
                .Select(m => new DueMessage(m.Id, m.NextAttemptAt))
                .ToListAsync(cancellationToken);
        }

        if (due.Count == 0)
        {
            return 0;
        }

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        var delivered = 0;
        try
        {
            foreach (var message in due)
            {
                if (!await ClaimAsync(message.Id, message.NextAttemptAt, now + settings.ClaimDuration, cancellationToken))
                {
                    continue;
                }

                var outcome = await DeliverOneAsync(client, message.Id, settings, cancellationToken);
                if (outcome == Outcome.Sent)
                {
                    delivered++;
                }
                else if (outcome == Outcome.ConnectionFailed)
                {
                    // The server is unreachable: the rest keep their turn for the next pass instead of each failing.
                    break;
                }
            }
        }
        finally
        {
            await DisconnectQuietlyAsync(client);
        }

        return delivered;
    }

    /// <summary>
    /// Takes a message for this node: moves its due time past the claim window, but only if nobody moved it since we
    /// read it. Exactly one of several racing nodes sees one row affected.
    /// </summary>
    internal async Task<bool> ClaimAsync(Guid id, DateTimeOffset seenDueAt, DateTimeOffset claimedUntil, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id && m.SentAt == null && m.NextAttemptAt == seenDueAt)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.NextAttemptAt, claimedUntil), cancellationToken);
        return claimed == 1;
    }

    /// <summary>5 s, 10 s, 20 s… up to the cap, plus up to 10 % jitter so retries from many messages spread out.</summary>
    internal static TimeSpan Backoff(int attempts, SmtpOptions settings, double jitter)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var delay = Math.Min(settings.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), settings.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (1 + (0.1 * jitter)));
    }

    // Host was checked non-empty by DeliverDueAsync.
    private async Task<Outcome> DeliverOneAsync(SmtpClient client, Guid id, SmtpOptions settings, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
        message.Attempts++;

        MimeMessage mime;
        try
        {
            mime = Compose(message, settings);
        }
        catch (Exception ex) when (ex is CryptographicException or ParseException or FormatException or InvalidOperationException)
        {
            // Lost keys or a bad address will not heal with time: give up now.
            await RecordFailureAsync(db, message, $"Cannot compose: {ex.GetType().Name}", settings, AbandonReason.Compose);
            return Outcome.Failed;
        }

        try
        {
            if (!client.IsConnected)
            {
                await client.ConnectAsync(settings.Host!, settings.Port, SocketOptions(settings.Security), cancellationToken);
                if (!string.IsNullOrEmpty(settings.UserName))
                {
                    await client.AuthenticateAsync(settings.UserName, settings.Password ?? string.Empty, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await RecordFailureAsync(db, message, Describe(ex, message.To), settings, abandon: null);
            return Outcome.ConnectionFailed;
        }

        try
        {
            // Not cancellable: stopping mid-DATA would leave a delivered mail unrecorded, to be sent again.
            // The client's Timeout still bounds it.
            await client.SendAsync(mime, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The connection may be unusable now; the next message reconnects.
            await DisconnectQuietlyAsync(client);
            await RecordFailureAsync(db, message, Describe(ex, message.To), settings, IsPermanent(ex) ? AbandonReason.Permanent : null);

            // A refused command concerns this message only: the rest of the batch still goes out.
            return ex is SmtpCommandException ? Outcome.Failed : Outcome.ConnectionFailed;
        }

        message.SentAt = time.GetUtcNow();
        message.ProtectedTextBody = null;
        message.ProtectedHtmlBody = null;
        message.LastError = null;
        await audit.AddAsync(db, AuditKind.MailSent, message.MemberId, null, CancellationToken.None);

        // Sent is sent: record it even if shutdown was requested meanwhile, or it would go out twice.
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Outbox message {MessageId} ({Kind}) sent after {Attempts} attempt(s).", message.Id, message.Kind, message.Attempts);
        return Outcome.Sent;
    }

    /// <summary>The relay refused this recipient or this message for good (RFC 5321: 5yz is a permanent failure).</summary>
    private static bool IsPermanent(Exception ex) =>
        ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted } refused
        && (int)refused.StatusCode is >= 500 and < 600;

    /// <param name="abandon">Why the message is given up now; null: retry later, unless it has run out of attempts.</param>
    private async Task RecordFailureAsync(RecoveryDbContext db, OutboxMessage message, string error, SmtpOptions settings, AbandonReason? abandon)
    {
        if (abandon is null && message.Attempts >= settings.MaxAttempts)
        {
            abandon = AbandonReason.Exhausted;
        }

        message.LastError = error.Length > 300 ? error[..300] : error;
        if (abandon is { } reason)
        {
            message.NextAttemptAt = Never;
            message.ProtectedTextBody = null;
            message.ProtectedHtmlBody = null;
            await audit.AddAsync(db, AuditKind.MailAbandoned, message.MemberId, null, CancellationToken.None);
            metrics?.MailAbandoned(reason);
            logger.LogError("Outbox message {MessageId} ({Kind}) abandoned ({Reason}) after {Attempts} attempt(s): {Error}", message.Id, message.Kind, reason, message.Attempts, message.LastError);
        }
        else
        {
            message.NextAttemptAt = time.GetUtcNow() + Backoff(message.Attempts, settings, Random.Shared.NextDouble());
            logger.LogWarning("Outbox message {MessageId} ({Kind}) failed (attempt {Attempts}), retry at {NextAttemptAt:O}: {Error}", message.Id, message.Kind, message.Attempts, message.NextAttemptAt, message.LastError);
        }

        await audit.AddAsync(db, AuditKind.MailFailed, message.MemberId, null, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private MimeMessage Compose(OutboxMessage message, SmtpOptions settings)
    {
        if (message.ProtectedTextBody is null || message.ProtectedHtmlBody is null)
        {
            throw new InvalidOperationException("The message has no body.");
        }

        var body = new BodyBuilder
        {
            TextBody = protector.Unprotect(message.ProtectedTextBody),
            HtmlBody = protector.Unprotect(message.ProtectedHtmlBody),
        };
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = time.GetUtcNow(),
            Body = body.ToMessageBody(),
        };
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        return mime;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    // Exception messages from MailKit describe the transport or the server's reply, never the message body; the
    // reply may quote the recipient, hence the redaction.
    private static string Describe(Exception ex, string to) => MailRedaction.Redact(
        ex is SmtpCommandException smtp ? $"SMTP {(int)smtp.StatusCode}: {smtp.Message}" : $"{ex.GetType().Name}: {ex.Message}",
        to);

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception)
        {
            // Best effort: the connection is dropped either way.
        }
    }

    private sealed record DueMessage(Guid Id, DateTimeOffset NextAttemptAt);
}
