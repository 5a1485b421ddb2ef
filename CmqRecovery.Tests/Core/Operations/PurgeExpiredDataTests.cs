using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Operations;

/// <summary>
/// The retention pass over real rows, each just inside and just past its bound, on the fake clock. Defaults: audit
/// 365 days, links 7 days after they ended, sent or abandoned mail 7 days, counters once every 24-hour window is past.
/// </summary>
public sealed class PurgeExpiredDataTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    [DatabaseTheory]
    public async Task Execute_DefaultRetention_DeletesWhatIsPastItsBoundAndKeepsTheRest(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var now = host.Time.GetUtcNow();
        await using (var db = host.NewDbContext())
        {
            db.CaptchaChallenges.AddRange(Captcha(now - Second), Captcha(now + TimeSpan.FromMinutes(1)));
            db.AttemptCounters.AddRange(
                Counter("stale", windowStart: now - Day - Second),
                Counter("stale-lock-over", windowStart: now - Day - Second, lockedUntil: now - Second),
                Counter("window-past-still-locked", windowStart: now - Day - Second, lockedUntil: now + Second),
                Counter("window-running", windowStart: now - Day + Second),
                Counter("reset", windowStart: null));
            db.RecoveryRequests.AddRange(
                Link("expired-long-ago", member.Id, expiresAt: now - Week - Second),
                Link("used-long-ago", member.Id, expiresAt: now + Day, consumedAt: now - Week - Second),
                Link("superseded-long-ago", member.Id, expiresAt: now + Day, supersededAt: now - Week - Second),
                Link("expired-lately", member.Id, expiresAt: now - Week + Second),
                Link("live", member.Id, expiresAt: now + TimeSpan.FromMinutes(30)));
            db.OutboxMessages.AddRange(
                Mail("sent-long-ago", now - Week - Day, sentAt: now - Week - Second),
                Mail("sent-lately", now - Week - Day, sentAt: now - Week + Second),
                Mail("abandoned-long-ago", now - Week - Second, nextAttemptAt: DeliverOutbox.Never),
                Mail("abandoned-lately", now - Week + Second, nextAttemptAt: DeliverOutbox.Never),
                Mail("pending-long-ago", now - Year - Second, nextAttemptAt: now + Second));
            db.AuditEvents.AddRange(
                new AuditEvent { At = now - Year - Second, Kind = AuditKind.SignInFailed },
                new AuditEvent { At = now - Year + Second, Kind = AuditKind.SignInFailed });
            await db.SaveChangesAsync();
        }

        var result = await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(new PurgeResult(CaptchaChallenges: 1, AttemptCounters: 2, RecoveryRequests: 3, OutboxMessages: 2, AuditEvents: 1, SignInSessions: 0), result);
        await using var check = host.NewDbContext();
        Assert.Equal(now + TimeSpan.FromMinutes(1), (await check.CaptchaChallenges.SingleAsync()).ExpiresAt);
        Assert.Equal(["reset", "window-past-still-locked", "window-running"], await check.AttemptCounters.OrderBy(c => c.Key).Select(c => c.Key).ToListAsync());
        Assert.Equal(["expired-lately", "live"], await check.RecoveryRequests.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
        Assert.Equal(["abandoned-lately", "pending-long-ago", "sent-lately"], await check.OutboxMessages.OrderBy(m => m.Subject).Select(m => m.Subject).ToListAsync());
        Assert.Equal([now - Year + Second], await check.AuditEvents.Where(e => e.Kind == AuditKind.SignInFailed).Select(e => e.At).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_SignInLockOutlastingItsWindow_NeverUnlocksTheMemberEarly(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?>
        {
            ["SignIn:CaptchaAfterFailures"] = "100",
            ["SignIn:LockAfterFailures"] = "3",
            ["SignIn:LockDuration"] = "3.00:00:00", // longer than every 24-hour window
        });
        var member = await host.AddDemoMemberAsync();
        var signIn = host.Get<SignInMember>();
        for (var i = 0; i < 3; i++)
        {
            await signIn.ExecuteAsync(member.Email, "mauvais", RecoverySteps.Client);
        }

        await host.Get<NotifyMember>().WhenIdleAsync(); // the lock notice's claim is written after the response
        host.Time.Advance(TimeSpan.FromDays(2)); // every window is past, the lock is not
        await host.Get<PurgeExpiredData>().ExecuteAsync(); // the day's notice claim goes; the lock must not

        Assert.Equal(1, await LockedCountersAsync(host));
        Assert.Equal(Outcome.LockedOut, (await signIn.ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client)).Outcome);
        host.Time.Advance(TimeSpan.FromDays(1) + Second);
        Assert.Equal(1, (await host.Get<PurgeExpiredData>().ExecuteAsync()).AttemptCounters);
        Assert.Equal(0, await LockedCountersAsync(host));
        Assert.Equal(Outcome.Passed, (await signIn.ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client)).Outcome);
    }

    [DatabaseTheory]
    public async Task Execute_SuspendedIdentifier_StaysSuspendedUntilItsEnd(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Recovery:SuspensionDuration"] = "2.00:00:00" });
        var member = await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: member.UserCode)).Value!;
        for (var i = 0; i < 5; i++)
        {
            await host.Get<CheckAnswers>().ForIdentityAsync(subject, "non", "non", RecoverySteps.Client);
        }

        host.Time.Advance(Day + TimeSpan.FromHours(1));
        await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(Outcome.Suspended, (await host.IdentifyAsync(userCode: member.UserCode)).Outcome);
    }

    [DatabaseTheory]
    public async Task Execute_SmallBatches_DeletesEveryExpiredRowAcrossBatches(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Retention:BatchSize"] = "2" });
        var now = host.Time.GetUtcNow();
        await using (var db = host.NewDbContext())
        {
            db.AuditEvents.AddRange(Enumerable.Range(1, 5).Select(i => new AuditEvent { At = now - Year - TimeSpan.FromMinutes(i), Kind = AuditKind.Identified }));
            db.AuditEvents.Add(new AuditEvent { At = now, Kind = AuditKind.Identified });
            await db.SaveChangesAsync();
        }

        var result = await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(5, result.AuditEvents);
        await using var check = host.NewDbContext();
        Assert.Equal([now], await check.AuditEvents.Select(e => e.At).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_TwoNodesAtOnce_ShareTheWorkWithoutError(DatabaseProvider provider)
    {
        await using var nodeA = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Retention:BatchSize"] = "3" });
        await using var nodeB = await CoreTestHost.StartAsync(nodeA.Database, new Dictionary<string, string?> { ["Retention:BatchSize"] = "3" });
        var now = nodeA.Time.GetUtcNow();
        nodeB.Time.SetUtcNow(now);
        await using (var db = nodeA.NewDbContext())
        {
            db.CaptchaChallenges.AddRange(Enumerable.Range(1, 40).Select(i => Captcha(now - TimeSpan.FromMinutes(i))));
            db.CaptchaChallenges.Add(Captcha(now + TimeSpan.FromMinutes(1)));
            await db.SaveChangesAsync();
        }

        var results = await Task.WhenAll(
            nodeA.Get<PurgeExpiredData>().ExecuteAsync(), nodeB.Get<PurgeExpiredData>().ExecuteAsync());

        Assert.Equal(40, results.Sum(r => r.CaptchaChallenges));
        await using var check = nodeA.NewDbContext();
        Assert.Equal(1, await check.CaptchaChallenges.CountAsync());
    }

    [DatabaseTheory]
    public async Task Start_LinkGraceShorterThanTheMailCapHour_RefusesToStart(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Retention:LinkGrace"] = "00:30:00" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<RetentionOptions>>().Value);

        Assert.Contains("Retention:LinkGrace", error.Message);
    }

    [DatabaseTheory]
    public async Task RetentionRunner_AtStartAndEachIntervalOnTheClock_RunsAPass(DatabaseProvider provider)
    {
        var passes = new PassLog();
        await using var host = await CoreTestHost.StartAsync(
            provider, new Dictionary<string, string?> { ["Retention:Interval"] = "01:00:00" }, s => s.AddLogging(l => l.AddProvider(passes)));
        var runner = host.Get<IEnumerable<IHostedService>>().OfType<RetentionRunner>().Single();
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await passes.Completed.WaitAsync(TimeSpan.FromSeconds(30)); // the pass at start-up
            var now = host.Time.GetUtcNow();
            await using (var db = host.NewDbContext())
            {
                db.CaptchaChallenges.Add(Captcha(now + TimeSpan.FromMinutes(30)));
                await db.SaveChangesAsync();
            }

            host.Time.Advance(TimeSpan.FromMinutes(59));
            Assert.False(await passes.Completed.WaitAsync(TimeSpan.FromMilliseconds(200)));
            host.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.True(await passes.Completed.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }

        await using var check = host.NewDbContext();
        Assert.Equal(0, await check.CaptchaChallenges.CountAsync());
    }

    /// <summary>Released once per finished retention pass, from the runner's own log line.</summary>
    private sealed class PassLog : ILoggerProvider, ILogger
    {
        public SemaphoreSlim Completed { get; } = new(0);

        public ILogger CreateLogger(string categoryName) => categoryName == typeof(RetentionRunner).FullName ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Information)
            {
                Completed.Release();
            }
        }

        public void Dispose() => Completed.Dispose();
    }

    private static async Task<int> LockedCountersAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        return await db.AttemptCounters.CountAsync(c => c.LockedUntil != null);
    }

    private static CaptchaChallenge Captcha(DateTimeOffset expiresAt) =>
        new() { Id = Guid.NewGuid(), AnswerHash = new byte[32], CreatedAt = expiresAt - TimeSpan.FromMinutes(5), ExpiresAt = expiresAt };

    private static AttemptCounter Counter(string key, DateTimeOffset? windowStart, DateTimeOffset? lockedUntil = null) =>
        new() { Key = key, Failures = windowStart is null ? 0 : 3, WindowStart = windowStart, LockedUntil = lockedUntil };

    private static RecoveryRequest Link(
        string id, Guid memberId, DateTimeOffset expiresAt, DateTimeOffset? consumedAt = null, DateTimeOffset? supersededAt = null) =>
        new()
        {
            Id = id, MemberId = memberId, TokenHash = new byte[32], CreatedAt = expiresAt - TimeSpan.FromMinutes(30),
            ExpiresAt = expiresAt, ConsumedAt = consumedAt, SupersededAt = supersededAt,
        };

    private static OutboxMessage Mail(string label, DateTimeOffset createdAt, DateTimeOffset? sentAt = null, DateTimeOffset? nextAttemptAt = null) =>
        new()
        {
            Id = Guid.NewGuid(), Kind = MailKinds.ResetLink, To = "marie.tremblay@example.org", Subject = label,
            CreatedAt = createdAt, SentAt = sentAt, NextAttemptAt = nextAttemptAt ?? createdAt,
        };
}
