namespace CmqRecovery.Core.Mail;

/// <summary>Why the sender gave a mail up for good (the metric's reason tag).</summary>
public enum AbandonReason
{
    /// <summary>The relay answered 5xx to the recipient or the message: retrying would be refused the same way.</summary>
    Permanent,

    /// <summary>Transient failures until <see cref="SmtpOptions.MaxAttempts"/> ran out.</summary>
    Exhausted,

    /// <summary>The stored message could not be turned back into a mail (lost keys, a bad address).</summary>
    Compose,
}
