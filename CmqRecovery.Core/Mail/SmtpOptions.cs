namespace CmqRecovery.Core.Mail;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>Empty: the sender idles (and logs why) instead of failing every message.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Collège des médecins du Québec <cmqweb@cmq.org>";

    /// <summary>How long the sender sleeps when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Delay after the first failure; doubles after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After this many failures the message is abandoned (about a day with the defaults).</summary>
    public int MaxAttempts { get; set; } = 100;

    /// <summary>A node claims a message for this long; if it dies mid-send another node retries after it.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);

    public int BatchSize { get; set; } = 20;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
