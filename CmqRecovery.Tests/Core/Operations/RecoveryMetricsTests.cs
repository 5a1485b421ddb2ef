using CmqRecovery.Core;
using System.Diagnostics.Metrics;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Operations;

/// <summary>The counters as the real use cases move them, read from this host's meter only.</summary>
public sealed class RecoveryMetricsTests
{
    private const string Strong = "Ornithorynque-Bleu-Lavande-42";

    private static readonly HashSet<string> AllowedTagValues =
    [
        "identify", "answers", "link", "password", "sign-in", "mail-delivery",
        "identifier", "member-ceiling", "captcha", "lock",
        "answer-check", "link-open", "sign-in-in-flight", "kdf", "mail-cap",
        "permanent", "exhausted", "compose",
    ];

    [DatabaseTheory]
    public async Task Recovery_StartedAndCompleted_CountsEachOnce(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var member = await host.AddDemoMemberAsync(1);

        await host.VerifiedIdentityAsync(member);
        var (request, token) = await host.AddRequestAsync(member.Id);
        var authorization = await host.ResetAuthorizationAsync(request.Id, token);
        Assert.True((await host.Get<SetPassword>().ExecuteAsync(authorization, Strong, Strong, RecoverySteps.Client)).Passed);

        Assert.Equal((1, 1), (metrics.Sum("cmq.recovery.started"), metrics.Sum("cmq.recovery.completed")));
        Assert.Equal(0, metrics.Sum("cmq.recovery.step.failures", "step=answers"));
        AssertNoIdentifierInTags(metrics, member);
    }

    [DatabaseTheory]
    public async Task FailedSteps_EachFailure_CountedUnderItsStep(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var member = await host.AddDemoMemberAsync(1);
        var (request, token) = await host.AddRequestAsync(member.Id);
        var authorization = await host.ResetAuthorizationAsync(request.Id, token);

        Assert.False((await host.IdentifyAsync(userCode: member.UserCode, captchaAnswer: "00000")).Passed);
        var subject = (await host.IdentifyAsync(email: member.Email)).Value!;
        await host.Get<CheckAnswers>().ForIdentityAsync(subject, "non", "non", RecoverySteps.Client);
        await host.Get<CheckAnswers>().ForIdentityAsync(subject, "non", "non", RecoverySteps.Client);
        await host.Get<OpenLink>().ExecuteAsync(request.Id, RecoveryTokens.NewToken(), RecoverySteps.Client);
        await host.Get<SetPassword>().ExecuteAsync(authorization, "court", "court", RecoverySteps.Client);
        await host.Get<SignInMember>().ExecuteAsync(member.Email, "mauvais", RecoverySteps.Client);

        Assert.Equal(
            (1.0, 2.0, 1.0, 1.0, 1.0),
            (metrics.Sum("cmq.recovery.step.failures", "step=identify"), metrics.Sum("cmq.recovery.step.failures", "step=answers"),
                metrics.Sum("cmq.recovery.step.failures", "step=link"), metrics.Sum("cmq.recovery.step.failures", "step=password"),
                metrics.Sum("cmq.recovery.step.failures", "step=sign-in")));
        Assert.Equal(0, metrics.Sum("cmq.recovery.completed"));
        Assert.NotEmpty(metrics.Tags);
        AssertNoIdentifierInTags(metrics, member);
    }

    [DatabaseTheory]
    public async Task CheckAnswers_FifthFailure_CountsOneSuspensionNotOnePerRefusal(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var subject = (await host.IdentifyAsync(email: "personne@example.org")).Value!;

        for (var i = 0; i < 7; i++)
        {
            await host.Get<CheckAnswers>().ForIdentityAsync(subject, "non", "non", RecoverySteps.Client);
        }

        Assert.Equal(1, metrics.Sum("cmq.recovery.suspensions", "kind=identifier"));
        Assert.Equal(5, metrics.Sum("cmq.recovery.step.failures", "step=answers")); // the two refusals were not checked
    }

    [DatabaseTheory]
    public async Task SignIn_ReachingEachThreshold_CountsItOnce(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?>
        {
            ["SignIn:CaptchaAfterFailures"] = "3",
            ["SignIn:LockAfterFailures"] = "5",
        });
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var signIn = host.Get<SignInMember>();

        for (var i = 0; i < 4; i++)
        {
            await signIn.ExecuteAsync("personne@example.org", "mauvais", RecoverySteps.Client);
        }

        Assert.Equal((1.0, 0.0), (metrics.Sum("cmq.signin.threshold.hits", "threshold=captcha"), metrics.Sum("cmq.signin.threshold.hits", "threshold=lock")));
        for (var i = 0; i < 4; i++)
        {
            var captcha = await host.Get<CmqRecovery.Core.Captcha.CaptchaService>().IssueAsync();
            await signIn.ExecuteAsync("personne@example.org", "mauvais", new SignInCaptcha(captcha.ChallengeId, TestHostSettings.CaptchaCode), RecoverySteps.Client);
        }

        Assert.Equal((1.0, 1.0), (metrics.Sum("cmq.signin.threshold.hits", "threshold=captcha"), metrics.Sum("cmq.signin.threshold.hits", "threshold=lock")));
    }

    [DatabaseTheory]
    public async Task ClientThrottle_Refusal_CountedUnderItsLimit(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["RateLimits:Identify:PermitLimit"] = "1" });
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());

        await host.IdentifyAsync(email: "personne@example.org");
        await host.IdentifyAsync(email: "personne@example.org");
        await host.IdentifyAsync(email: "personne@example.org");

        Assert.Equal(2, metrics.Sum("cmq.ratelimit.rejections", "limit=identify"));
        Assert.Equal(1, metrics.Sum("cmq.recovery.started"));
    }

    [DatabaseTheory]
    public async Task SecretHasher_EverySlotAndQueueTaken_CountsAKdfRejection(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(
            provider,
            new Dictionary<string, string?> { ["RateLimits:KdfConcurrency"] = "1", ["RateLimits:KdfQueue"] = "0" },
            s => s.AddSingleton<SecretHasher, BlockingSecretHasher>());
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        var hasher = (BlockingSecretHasher)host.Get<SecretHasher>();
        var held = Task.Run(() => host.Get<SignInMember>().ExecuteAsync("personne@example.org", "mauvais", RecoverySteps.Client));
        await hasher.WhenRunningAsync(1);

        var refused = await host.Get<SignInMember>().ExecuteAsync("autre@example.org", "mauvais", RecoverySteps.Client);
        hasher.Release();
        await held;

        Assert.Equal(Outcome.Throttled, refused.Outcome);
        Assert.Equal(1, metrics.Sum("cmq.ratelimit.rejections", "limit=kdf"));
        Assert.Equal(1, metrics.Count("cmq.kdf.queue.wait")); // only the admitted run waited
    }

    [DatabaseTheory]
    public async Task SecretHasher_EachAdmittedRun_RecordsItsQueueWait(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());

        await host.Get<SignInMember>().ExecuteAsync("personne@example.org", "mauvais", RecoverySteps.Client);
        await host.Get<SignInMember>().ExecuteAsync("personne@example.org", "mauvais", RecoverySteps.Client);

        Assert.Equal(2, metrics.Count("cmq.kdf.queue.wait"));
        Assert.True(metrics.Sum("cmq.kdf.queue.wait") >= 0);
    }

    [DatabaseTheory]
    public async Task OutboxGauges_PendingMail_ReportDepthAndAgeRefreshedAfterTheCache(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        _ = host.Get<RecoveryMetrics>(); // the gauges exist once the metrics do
        var now = host.Time.GetUtcNow();
        await AddMailAsync(host, now.AddMinutes(-10), sentAt: null, next: now.AddMinutes(5));
        await AddMailAsync(host, now.AddHours(-3), sentAt: now.AddHours(-3), next: now.AddHours(-3)); // sent
        await AddMailAsync(host, now.AddHours(-2), sentAt: null, next: DeliverOutbox.Never); // abandoned

        metrics.Observe();
        Assert.Equal((1.0, 600.0), (metrics.LastObserved("cmq.outbox.depth"), metrics.LastObserved("cmq.outbox.oldest.age")));
        Assert.Equal(1.0, metrics.LastObserved("cmq.outbox.abandoned"));

        // Within the cache the count stays; the age still follows the clock.
        await AddMailAsync(host, now, sentAt: null, next: now);
        host.Time.Advance(TimeSpan.FromSeconds(4));
        metrics.Observe();
        Assert.Equal((1.0, 604.0), (metrics.LastObserved("cmq.outbox.depth"), metrics.LastObserved("cmq.outbox.oldest.age")));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        metrics.Observe();
        Assert.Equal((2.0, 605.0), (metrics.LastObserved("cmq.outbox.depth"), metrics.LastObserved("cmq.outbox.oldest.age")));
    }

    [DatabaseTheory]
    public async Task OutboxGauges_RelayDeferringForTwoDays_ShowTheStuckMailsAgeThenTheAbandon(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        using var metrics = new MetricRecorder(host.Get<IMeterFactory>());
        _ = host.Get<RecoveryMetrics>();
        var member = await host.AddDemoMemberAsync();
        smtp.Refuse(member.Email, 451);
        await using (var db = host.NewDbContext())
        {
            host.Get<MailOutbox>().Enqueue(db, MailKinds.Notice(MemberNotice.SignInLocked), member.Email, new MailContent("Connexion", "Bonjour", "<p>Bonjour</p>"), member.Id);
            await db.SaveChangesAsync();
        }

        // Deferred by the relay at every retry, for two days.
        var deliver = host.Get<DeliverOutbox>();
        for (var hour = 0; hour < 48; hour++)
        {
            await deliver.DeliverDueAsync();
            host.Time.Advance(TimeSpan.FromHours(1));
        }

        metrics.Observe();
        Assert.Equal(48, smtp.RefusalsOf(member.Email));
        Assert.Equal(TimeSpan.FromDays(2).TotalSeconds, metrics.LastObserved("cmq.outbox.oldest.age"));
        Assert.Equal((1.0, 0.0), (metrics.LastObserved("cmq.outbox.depth"), metrics.LastObserved("cmq.outbox.abandoned")));

        // Now the relay refuses it for good: it leaves the backlog and is counted as abandoned.
        smtp.Refuse(member.Email, 550);
        host.Time.Advance(TimeSpan.FromHours(1));
        await deliver.DeliverDueAsync();
        host.Time.Advance(OutboxBacklog.CacheFor);
        metrics.Observe();
        Assert.Equal((0.0, 0.0, 1.0), (metrics.LastObserved("cmq.outbox.depth"), metrics.LastObserved("cmq.outbox.oldest.age"), metrics.LastObserved("cmq.outbox.abandoned")));
        Assert.Equal(1, metrics.Sum("cmq.outbox.abandonments", "reason=permanent"));
        AssertNoIdentifierInTags(metrics, member);
    }

    private static async Task AddMailAsync(CoreTestHost host, DateTimeOffset createdAt, DateTimeOffset? sentAt, DateTimeOffset next)
    {
        await using var db = host.NewDbContext();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            Kind = MailKinds.ResetLink,
            To = "marie.tremblay@example.org",
            Subject = "Réinitialisation",
            CreatedAt = createdAt,
            NextAttemptAt = next,
            SentAt = sentAt,
        });
        await db.SaveChangesAsync();
    }

    private static void AssertNoIdentifierInTags(MetricRecorder metrics, Member member)
    {
        Assert.All(metrics.Tags, tag => Assert.Contains(tag.Value ?? string.Empty, AllowedTagValues));
        Assert.DoesNotContain(metrics.Tags, tag => tag.Value!.Contains(member.UserCode) || tag.Value.Contains(member.Email));
    }
}
