using CmqRecovery.Core.Account;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Health;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Staff;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CmqRecovery.Core;

public static class RecoveryCoreServiceCollectionExtensions
{
    public static IServiceCollection AddRecoveryCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Options, bound from configuration (environment variables override appsettings).
        services.Configure<RecoveryOptions>(configuration.GetSection(RecoveryOptions.Section));
        services.Configure<HashingOptions>(configuration.GetSection(HashingOptions.Section));
        services.Configure<CaptchaOptions>(configuration.GetSection(CaptchaOptions.Section));
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.Configure<SignInOptions>(configuration.GetSection(SignInOptions.Section));
        services.Configure<RateLimitsOptions>(configuration.GetSection(RateLimitsOptions.Section));
        services.Configure<HealthOptions>(configuration.GetSection(HealthOptions.Section));
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));

        // Data: one short-lived context per operation, safe for Blazor circuits and background services.
        services.AddRecoveryData(configuration);

        // Shared building blocks.
        services.TryAddSingleton(TimeProvider.System);
        // Counters and gauges on the "CmqRecovery" meter; exported only when the web host has a management address.
        services.AddMetrics();
        services.AddSingleton<OutboxBacklog>();
        services.AddSingleton<RecoveryMetrics>();
        services.AddSingleton<ServerKeys>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<HashingOptions>, HashingOptionsValidator>();
        services.AddOptions<HashingOptions>().ValidateOnStart(); // below 210,000 iterations only in Development/Testing.
        services.AddSingleton<SecretHasher>(); // also the global cap on concurrent KDF runs
        services.AddSingleton<CmqRecovery.Core.Questions.AnswerPairHasher>(); // pepper, then the KDF
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RateLimitsOptions>, RateLimitsOptionsValidator>();
        services.AddOptions<RateLimitsOptions>().ValidateOnStart();
        services.AddClientThrottling(); // per-IP windows in the shared database; ClientThrottle for what the circuit does
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AttemptLimiter>();
        // Keys in the database (shared by the nodes), encrypted with the configured certificate.
        services.AddRecoveryDataProtection(configuration);

        // Captcha and mail.
        services.AddSingleton<CaptchaService>();
        services.AddSingleton<CaptchaRenderer>();
        services.AddSingleton<IssueCaptcha>();
        services.AddSingleton<WorkDifficulty>(); // per-client proof-of-work size, counted in the database
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<CaptchaOptions>, CaptchaOptionsValidator>();
        services.AddOptions<CaptchaOptions>().ValidateOnStart(); // Captcha:TestCode outside Development/Testing refuses to start.
        services.AddRecoveryMail();
        services.AddSingleton<NotifyMember>();

        // Use cases, one per step.
        services.AddSingleton<QuestionDraw>();
        services.AddSingleton<LinkValidator>();
        services.AddSingleton<IdentifyMember>();
        services.AddSingleton<CheckAnswers>();
        services.AddSingleton<ConfirmEmail>();
        services.AddSingleton<OpenLink>();
        services.AddSingleton<CommitNewPassword>(); // what SetPassword, ChangePassword and ActivateMember share
        services.AddSingleton<SetPassword>();
        services.AddHostedService<CommonPasswordsWarmup>();
        services.AddSingleton<SignInMember>();
        services.AddSingleton<MemberSessions>();
        services.AddSingleton<CreateMember>();
        services.AddMemberRegister(configuration); // members import / invite, and the activation
        services.AddMemberAccount(configuration);
        services.AddStaffConsoleCore(); // the staff console's use cases
        services.AddSingleton<CheckReadiness>();

        // Retention: a pass at start-up and every Retention:Interval on each node.
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddOptions<RetentionOptions>().ValidateOnStart();
        services.AddSingleton<PurgeExpiredData>();
        services.AddHostedService<RetentionRunner>();
        return services;
    }
}
