using CmqRecovery.Core.Account;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CmqRecovery.Core.Data;

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.Property(m => m.DisplayName).HasMaxLength(200);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.UserCode).HasMaxLength(9);
        builder.Property(m => m.Email).HasMaxLength(254);
        builder.Property(m => m.NormalizedEmail).HasMaxLength(254);
        builder.Property(m => m.SecurityStamp).HasMaxLength(64).IsConcurrencyToken();
        builder.HasIndex(m => m.UserCode).IsUnique();
        builder.HasIndex(m => m.NormalizedEmail).IsUnique();
        builder.HasIndex(m => m.Ordinal).IsUnique();
    }
}

internal sealed class SecurityQuestionConfiguration : IEntityTypeConfiguration<SecurityQuestion>
{
    public void Configure(EntityTypeBuilder<SecurityQuestion> builder)
    {
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.TextFr).HasMaxLength(300);
        builder.Property(q => q.TextEn).HasMaxLength(300);
        builder.HasData(QuestionCatalogue.All);
    }
}

internal sealed class MemberQuestionConfiguration : IEntityTypeConfiguration<MemberQuestion>
{
    public void Configure(EntityTypeBuilder<MemberQuestion> builder)
    {
        builder.HasKey(q => new { q.MemberId, q.QuestionId });
        builder.HasOne<Member>().WithMany().HasForeignKey(q => q.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SecurityQuestion>().WithMany().HasForeignKey(q => q.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AnswerPairHashConfiguration : IEntityTypeConfiguration<AnswerPairHash>
{
    public void Configure(EntityTypeBuilder<AnswerPairHash> builder)
    {
        builder.HasKey(p => new { p.MemberId, p.FirstQuestionId, p.SecondQuestionId });
        builder.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint("CK_AnswerPairHashes_Order", "\"FirstQuestionId\" < \"SecondQuestionId\""));
    }
}

internal sealed class ChallengeStateConfiguration : IEntityTypeConfiguration<ChallengeState>
{
    public void Configure(EntityTypeBuilder<ChallengeState> builder)
    {
        builder.HasKey(s => s.SubjectKey);
        builder.Property(s => s.SubjectKey).HasMaxLength(80);
    }
}

internal sealed class RecoveryRequestConfiguration : IEntityTypeConfiguration<RecoveryRequest>
{
    public void Configure(EntityTypeBuilder<RecoveryRequest> builder)
    {
        builder.Property(r => r.Id).HasMaxLength(32);
        builder.Property(r => r.TokenHash).HasMaxLength(32);
        builder.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.MemberId, r.CreatedAt });
    }
}

internal sealed class CaptchaChallengeConfiguration : IEntityTypeConfiguration<CaptchaChallenge>
{
    public void Configure(EntityTypeBuilder<CaptchaChallenge> builder)
    {
        builder.Property(c => c.AnswerHash).HasMaxLength(32);
        builder.HasIndex(c => c.ExpiresAt);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Kind).HasMaxLength(40);
        builder.Property(m => m.To).HasMaxLength(254);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.ClientIpHash).HasMaxLength(64);
        builder.Property(e => e.StaffId).HasMaxLength(Staff.StaffActor.MaxLength);
        builder.Property(e => e.StaffReason).HasMaxLength(40);
        builder.HasIndex(e => e.At);
    }
}

internal sealed class AttemptCounterConfiguration : IEntityTypeConfiguration<AttemptCounter>
{
    public void Configure(EntityTypeBuilder<AttemptCounter> builder)
    {
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(100);
    }
}

internal sealed class ServerSecretConfiguration : IEntityTypeConfiguration<ServerSecret>
{
    public void Configure(EntityTypeBuilder<ServerSecret> builder)
    {
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(60);
        // A 32-byte key protected by Data Protection: header, key id, IV, ciphertext and MAC (116 bytes today).
        builder.Property(s => s.Value).HasMaxLength(256);
    }
}

internal sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.UserAgent).HasMaxLength(SessionDevice.MaxUserAgentLength);
        builder.HasOne<Member>().WithMany().HasForeignKey(s => s.MemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.MemberId);
        builder.HasIndex(s => s.ExpiresAt); // the retention job removes ended sessions by this
    }
}

internal sealed class RateLimitWindowConfiguration : IEntityTypeConfiguration<RateLimitWindow>
{
    public void Configure(EntityTypeBuilder<RateLimitWindow> builder)
    {
        builder.HasKey(w => w.Key);
        // The longest: an action's name, ':', a full IPv6 address and "/128".
        builder.Property(w => w.Key).HasMaxLength(100);
        builder.HasIndex(w => w.ResetsAt); // the retention pass deletes by it
    }
}
