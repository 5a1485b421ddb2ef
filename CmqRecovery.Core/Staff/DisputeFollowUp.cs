using CmqRecovery.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// An agent's « traité » on one « Non » answer (the <see cref="AuditKind.EmailDisputed"/> audit row it points to):
/// who, when and a short note. Kept beside the audit, which stays append-only: the row itself is never changed.
/// Goes with its audit row when retention removes it.
/// </summary>
public sealed class DisputeFollowUp
{
    public const int MaxNoteLength = 200;

    public long AuditEventId { get; set; }
    public required string HandledBy { get; set; }
    public DateTimeOffset HandledAt { get; set; }
    public required string Note { get; set; }
}

internal sealed class DisputeFollowUpConfiguration : IEntityTypeConfiguration<DisputeFollowUp>
{
    public void Configure(EntityTypeBuilder<DisputeFollowUp> builder)
    {
        builder.ToTable("DisputeFollowUps");
        builder.HasKey(f => f.AuditEventId);
        builder.Property(f => f.AuditEventId).ValueGeneratedNever();
        builder.Property(f => f.HandledBy).HasMaxLength(StaffActor.MaxLength);
        builder.Property(f => f.Note).HasMaxLength(DisputeFollowUp.MaxNoteLength);
        builder.HasOne<AuditEvent>().WithOne().HasForeignKey<DisputeFollowUp>(f => f.AuditEventId).OnDelete(DeleteBehavior.Cascade);
    }
}
