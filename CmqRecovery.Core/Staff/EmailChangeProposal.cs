using CmqRecovery.Core.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CmqRecovery.Core.Staff;

public enum EmailChangeState
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// Four eyes on a member's email: an agent proposes the new address with the verification they did; a different
/// supervisor approves or rejects it before <see cref="ExpiresAt"/>. Only a pending proposal is ever decided, once:
/// <see cref="State"/> is a concurrency token, so of two supervisors deciding at once one wins and the other is told.
/// </summary>
public sealed class EmailChangeProposal
{
    /// <summary>The verification's free-text note, at most this long.</summary>
    public const int MaxNoteLength = 200;

    public Guid Id { get; set; }
    public Guid MemberId { get; set; }
    public required string NewEmail { get; set; }
    public required string NewNormalizedEmail { get; set; }
    public EmailChangeVerification Verification { get; set; }
    public required string Note { get; set; }

    /// <summary>The staff identity of the agent who proposed it (never the one who approves).</summary>
    public required string ProposedBy { get; set; }

    public DateTimeOffset ProposedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public EmailChangeState State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

internal sealed class EmailChangeProposalConfiguration : IEntityTypeConfiguration<EmailChangeProposal>
{
    public void Configure(EntityTypeBuilder<EmailChangeProposal> builder)
    {
        builder.ToTable("EmailChangeProposals");
        builder.Property(p => p.NewEmail).HasMaxLength(254);
        builder.Property(p => p.NewNormalizedEmail).HasMaxLength(254);
        builder.Property(p => p.Verification).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.Note).HasMaxLength(EmailChangeProposal.MaxNoteLength);
        builder.Property(p => p.ProposedBy).HasMaxLength(StaffActor.MaxLength);
        builder.Property(p => p.DecidedBy).HasMaxLength(StaffActor.MaxLength);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.State, p.ExpiresAt }); // the supervisors' queue: pending, not yet expired
    }
}
