using System.Globalization;
using System.Threading.RateLimiting;
using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Throttling;

/// <summary>
/// The per-IP windows in the database the nodes share: two Core hosts over one database stand for two nodes (their
/// own service providers, contexts and limiters; only the database in common).
/// </summary>
public sealed class SharedFixedWindowRateLimiterTests
{
    private static readonly ClientContext Attacker = new("203.0.113.50");
    private static readonly ClientContext Neighbour = new("198.51.100.23");

    private static Dictionary<string, string?> Limit(int permits, string? ipv6PrefixLength = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Identify:PermitLimit"] = permits.ToString(CultureInfo.InvariantCulture),
            ["RateLimits:Identify:Window"] = "00:10:00",
        };
        if (ipv6PrefixLength is not null)
        {
            settings["RateLimits:IPv6PrefixLength"] = ipv6PrefixLength;
        }

        return settings;
    }

    /// <summary>Node A owns the database; node B is a second host over it.</summary>
    private static async Task<(CoreTestHost A, CoreTestHost B)> TwoNodesAsync(DatabaseProvider provider, Dictionary<string, string?> settings)
    {
        var a = await CoreTestHost.StartAsync(provider, settings);
        try
        {
            return (a, await CoreTestHost.StartAsync(a.Database, settings));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    [DatabaseTheory]
    public async Task TryAcquire_HalfTheBudgetOnEachOfTwoNodes_RefusesTheNextOnBoth(DatabaseProvider provider)
    {
        var (a, b) = await TwoNodesAsync(provider, Limit(4));
        await using var nodeA = a;
        await using var nodeB = b;
        var (onA, onB) = (a.Get<ClientThrottle>(), b.Get<ClientThrottle>());

        foreach (var throttle in new[] { onA, onA, onB, onB })
        {
            Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, Attacker));
        }

        var refusedOnA = await onA.TryAcquireAsync(ClientAction.Identify, Attacker);
        var refusedOnB = await onB.TryAcquireAsync(ClientAction.Identify, Attacker);

        Assert.Equal(new Throttled(ThrottleReason.TooManyAttempts, TimeSpan.FromMinutes(10)), refusedOnA);
        Assert.Equal(new Throttled(ThrottleReason.TooManyAttempts, TimeSpan.FromMinutes(10)), refusedOnB);
        await using var db = a.NewDbContext();
        Assert.Equal(4, (await db.RateLimitWindows.SingleAsync()).Acquired); // the refusals spent nothing
        Assert.Null(await onB.TryAcquireAsync(ClientAction.Identify, Neighbour)); // another address has its own budget
    }

    [DatabaseTheory]
    public async Task TryAcquire_WindowEnds_StartsAFreshWindowWithTheWholeBudget(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Limit(2));
        var throttle = host.Get<ClientThrottle>();
        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, Attacker));
        host.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, Attacker));

        // The window runs from its first permit: 6 minutes left, whoever asks and however often.
        Assert.Equal(TimeSpan.FromMinutes(6), (await throttle.TryAcquireAsync(ClientAction.Identify, Attacker))!.RetryAfter);
        host.Time.Advance(TimeSpan.FromMinutes(6) - TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), (await throttle.TryAcquireAsync(ClientAction.Identify, Attacker))!.RetryAfter);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, Attacker));
        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, Attacker));
        Assert.Equal(TimeSpan.FromMinutes(10), (await throttle.TryAcquireAsync(ClientAction.Identify, Attacker))!.RetryAfter);
    }

    [DatabaseTheory]
    public async Task AcquireAsync_ManyAtOnceOnTwoNodes_NeverGrantsMoreThanTheLimit(DatabaseProvider provider)
    {
        const int Permits = 5;
        const int PerNode = 20;
        var (a, b) = await TwoNodesAsync(provider, Limit(Permits));
        await using var nodeA = a;
        await using var nodeB = b;
        // A limiter per attempt: none of them remembers a full window, so every attempt goes to the database.
        var limiters = Enumerable.Range(0, PerNode)
            .SelectMany(_ => new[] { a, b }.Select(node => node.Get<SharedRateLimiters>().Create(ClientAction.Identify, "203.0.113.50")))
            .ToList();
        using var start = new ManualResetEventSlim();

        var attempts = limiters.Select(limiter => Task.Run(async () =>
        {
            start.Wait();
            using var lease = await limiter.AcquireAsync(1);
            return lease.IsAcquired;
        })).ToList();
        start.Set();
        var granted = await Task.WhenAll(attempts);

        Assert.Equal(Permits, granted.Count(g => g));
        await using var db = a.NewDbContext();
        Assert.Equal(Permits, (await db.RateLimitWindows.SingleAsync()).Acquired);
    }

    [DatabaseTheory]
    [DatabaseData("48", true)]
    [DatabaseData(null, false)] // the default, /64
    public async Task TryAcquire_TwoSlash64sOfOneSlash48_ShareABudgetOnlyUnderA48Setting(
        DatabaseProvider provider, string? ipv6PrefixLength, bool shared)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Limit(1, ipv6PrefixLength));
        var throttle = host.Get<ClientThrottle>();
        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, new ClientContext("2001:db8:1:2::1")));

        var otherSlash64 = await throttle.TryAcquireAsync(ClientAction.Identify, new ClientContext("2001:db8:1:3::1"));

        Assert.Equal(shared, otherSlash64 is not null);
    }

    [DatabaseTheory]
    public async Task IdentifyMember_DatabaseCannotCountTheWindow_IsRefusedAsBusyAndDoesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Limit(100));
        var marie = await host.AddDemoMemberAsync();
        await host.Database.RefuseInsertsIntoAsync("RateLimitWindows");
        var captcha = await host.Get<CmqRecovery.Core.Captcha.CaptchaService>().IssueAsync();
        var before = await host.TakeAsync();

        var result = await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(null, marie.UserCode, captcha.ChallengeId, TestHostSettings.CaptchaCode), Attacker);

        // Fail closed: not waved through unmetered, and nothing happened (captcha unspent, no audit, no state).
        Assert.Equal(Outcome.Throttled, result.Outcome);
        Assert.Equal(Throttled.Busy, result.Throttled);
        Assert.Equal(before, await host.TakeAsync());
    }

    [DatabaseTheory]
    public async Task AcquireAsync_ZeroPermits_SaysWhetherTheWindowIsFullWithoutSpending(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Limit(1));
        var limiter = host.Get<SharedRateLimiters>().Create(ClientAction.Identify, "203.0.113.50");

        using (var open = await limiter.AcquireAsync(0))
        {
            Assert.True(open.IsAcquired);
        }

        using (var spent = await limiter.AcquireAsync(1))
        {
            Assert.True(spent.IsAcquired); // the peek took nothing
        }

        using var full = await limiter.AcquireAsync(0);
        Assert.False(full.IsAcquired);
        Assert.True(full.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromMinutes(10), wait);
    }

    [DatabaseTheory]
    public async Task PurgeExpiredData_EndedWindows_AreDeletedAndRunningOnesKeptAndStillCount(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Limit(1));
        var throttle = host.Get<ClientThrottle>();
        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, Attacker)); // ends at +10 min
        host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, Neighbour)); // ends at +15 min
        host.Time.Advance(TimeSpan.FromMinutes(5));

        var result = await host.Get<CmqRecovery.Core.Operations.PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(1, result.RateLimitWindows);
        await using var db = host.NewDbContext();
        Assert.Equal([CounterKeys.RateWindow(ClientAction.Identify, Neighbour.IpAddress!)], await db.RateLimitWindows.Select(w => w.Key).ToListAsync());
        // The running window still holds, asked afresh of the database (a new limiter remembers nothing).
        using var lease = await host.Get<SharedRateLimiters>().Create(ClientAction.Identify, Neighbour.IpAddress!).AcquireAsync(1);
        Assert.False(lease.IsAcquired);
    }
}
