using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Data;

/// <summary>
/// The model, shared by every provider. Each provider has its own subclass (<see cref="SqliteRecoveryDbContext"/>,
/// <see cref="PostgreSqlRecoveryDbContext"/>) so that each keeps its own migrations; the rest of the code only sees this type.
/// </summary>
public abstract class RecoveryDbContext(DbContextOptions options)
    : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Member> Members => Set<Member>();
    public DbSet<SecurityQuestion> SecurityQuestions => Set<SecurityQuestion>();
    public DbSet<MemberQuestion> MemberQuestions => Set<MemberQuestion>();
    public DbSet<AnswerPairHash> AnswerPairHashes => Set<AnswerPairHash>();
    public DbSet<ChallengeState> ChallengeStates => Set<ChallengeState>();
    public DbSet<RecoveryRequest> RecoveryRequests => Set<RecoveryRequest>();
    public DbSet<CaptchaChallenge> CaptchaChallenges => Set<CaptchaChallenge>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AttemptCounter> AttemptCounters => Set<AttemptCounter>();
    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();
    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();
    public DbSet<Throttling.RateLimitWindow> RateLimitWindows => Set<Throttling.RateLimitWindow>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RecoveryDbContext).Assembly);
        // OpenIddict's applications, authorizations, scopes and tokens (the OpenID Connect provider, docs/OIDC.md).
        modelBuilder.UseOpenIddict();
    }

}
