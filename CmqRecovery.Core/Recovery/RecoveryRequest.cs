namespace CmqRecovery.Core.Recovery;

/// <summary>
/// A mailed reset link. Only the SHA-256 of its token is kept: the raw token exists in the mail alone.
/// </summary>
public sealed class RecoveryRequest : IMailedLink
{
    /// <summary>128 random bits, lower-case hex (32 characters); the first part of the link.</summary>
    public required string Id { get; set; }

    public Guid MemberId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }

    /// <summary>Set when a newer request of the same member replaces this one.</summary>
    public DateTimeOffset? SupersededAt { get; set; }
}
