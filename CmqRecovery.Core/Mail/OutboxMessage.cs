namespace CmqRecovery.Core.Mail;

/// <summary>
/// A mail written in the same transaction as the change that causes it, delivered later by the sender.
/// Bodies are stored protected (Data Protection) and erased once delivered: a reset mail carries a raw token.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public Guid? MemberId { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public string? ProtectedTextBody { get; set; }
    public string? ProtectedHtmlBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>
    /// When an agent dealt with this mail after the sender abandoned it (closed it, or resent it as a new mail): the
    /// console no longer offers it. The sender never reads it (an abandoned mail is never tried again); retention
    /// deletes the row as it deletes any abandoned mail.
    /// </summary>
    public DateTimeOffset? ClosedAt { get; set; }
}
