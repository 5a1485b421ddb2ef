using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CmqRecovery.Core.Register;

/// <summary>
/// A mailed invitation to set a first password. Made like a reset link (<see cref="RecoveryTokens"/>: 128-bit id,
/// 256-bit token of which only the SHA-256 is kept) and of the same shape (<see cref="IMailedLink"/>), but its own
/// row: a reset link never opens the activation and an invitation never opens the reset.
/// </summary>
public sealed class Invitation : IMailedLink
{
    public required string Id { get; set; }
    public Guid MemberId { get; set; }
    public required byte[] TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }

    /// <summary>Set when a newer invitation of the same member replaces this one.</summary>
    public DateTimeOffset? SupersededAt { get; set; }

    /// <summary>A new invitation and the token to mail.</summary>
    public static (Invitation Invitation, string Token) New(Guid memberId, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = RecoveryTokens.NewToken();
        return (new Invitation
        {
            Id = RecoveryTokens.NewId(),
            MemberId = memberId,
            TokenHash = RecoveryTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        }, token);
    }

    /// <summary>The same order of reasons as a reset link's (<see cref="MailedLink"/>).</summary>
    public LinkStatus Check(DateTimeOffset now) => MailedLink.StatusAt(this, now);
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.Property(i => i.Id).HasMaxLength(32);
        builder.Property(i => i.TokenHash).HasMaxLength(32);
        builder.HasOne<Member>().WithMany().HasForeignKey(i => i.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.MemberId, i.CreatedAt });
        // The hourly sending limit counts the last hour's invitations, all members together.
        builder.HasIndex(i => i.CreatedAt);
    }
}
