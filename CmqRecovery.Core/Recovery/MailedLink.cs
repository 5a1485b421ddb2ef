namespace CmqRecovery.Core.Recovery;

/// <summary>
/// The shape every mailed single-use link's row shares (a reset link, a register invitation): the id in the link,
/// the SHA-256 of its token (the raw token exists in the mail alone), and the three ways it stops working. Each kind
/// keeps its own table, so a link of one kind can never open the other's path.
/// </summary>
public interface IMailedLink
{
    /// <summary>128 random bits, lower-case hex (32 characters); the first part of the link.</summary>
    string Id { get; }

    Guid MemberId { get; }
    byte[] TokenHash { get; }
    DateTimeOffset CreatedAt { get; }
    DateTimeOffset ExpiresAt { get; }
    DateTimeOffset? ConsumedAt { get; }

    /// <summary>Set when a newer link of the same kind for the same member replaces this one.</summary>
    DateTimeOffset? SupersededAt { get; }
}

public static class MailedLink
{
    /// <summary>The one order of reasons: used, then superseded, then expired.</summary>
    public static LinkStatus StatusAt(IMailedLink link, DateTimeOffset now) => link switch
    {
        { ConsumedAt: not null } => LinkStatus.Used,
        { SupersededAt: not null } => LinkStatus.Superseded,
        _ when link.ExpiresAt <= now => LinkStatus.Expired,
        _ => LinkStatus.Valid,
    };
}
