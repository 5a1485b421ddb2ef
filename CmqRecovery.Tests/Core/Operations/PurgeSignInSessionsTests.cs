using CmqRecovery.Core.Data;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Operations;

/// <summary>
/// The retention pass over sign-in sessions, on the fake clock: a session goes once it has ended (SignIn:SessionLifetime,
/// 12 h by default) or an hour after it was revoked; a live one stays; and no cookie the pass touched works again.
/// </summary>
public sealed class PurgeSignInSessionsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [DatabaseTheory]
    public async Task Execute_SessionsEachSideOfTheirBound_DeletesEndedAndLongRevokedOnesOnly(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var now = host.Time.GetUtcNow();
        await using (var db = host.NewDbContext())
        {
            db.SignInSessions.AddRange(
                Session("ended", member.Id, expiresAt: now),
                Session("ending", member.Id, expiresAt: now + Second),
                Session("revoked-long-ago", member.Id, expiresAt: now + Hour, revokedAt: now - RetentionOptions.RevokedSessionGrace),
                Session("revoked-lately", member.Id, expiresAt: now + Hour, revokedAt: now - RetentionOptions.RevokedSessionGrace + Second));
            await db.SaveChangesAsync();
        }

        var result = await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(2, result.SignInSessions);
        await using var check = host.NewDbContext();
        Assert.Equal(["ending", "revoked-lately"], await check.SignInSessions.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_AfterSignOutAndSessionEnd_LiveSessionStaysValidAndTheOthersStayRefused(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var morning = await sessions.StartAsync(member.Id);
        host.Time.Advance(TimeSpan.FromHours(11));
        var phone = await sessions.StartAsync(member.Id);
        var laptop = await sessions.StartAsync(member.Id);
        await sessions.RevokeAsync(phone.Id);
        host.Time.Advance(RetentionOptions.RevokedSessionGrace + Second); // the morning's session is past its 12 h
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, morning.Id));
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, phone.Id));

        var result = await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(2, result.SignInSessions);
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, morning.Id));
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, phone.Id));
        Assert.Equal(member.Id, (await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, laptop.Id))?.Id);
        await using var check = host.NewDbContext();
        Assert.Equal([laptop.Id], await check.SignInSessions.Select(s => s.Id).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_RevokedWithinTheGrace_KeepsTheRowAndTheCookieRefused(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var phone = await sessions.StartAsync(member.Id);
        await sessions.RevokeAsync(phone.Id);
        var revokedAt = host.Time.GetUtcNow();
        host.Time.Advance(RetentionOptions.RevokedSessionGrace - Second);

        var result = await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(0, result.SignInSessions);
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, phone.Id));
        await using var check = host.NewDbContext();
        Assert.Equal(revokedAt, (await check.SignInSessions.SingleAsync()).RevokedAt);
    }

    [DatabaseTheory]
    public async Task Execute_TwoNodesAtOnce_DeleteEachEndedSessionOnceAndKeepTheLiveOne(DatabaseProvider provider)
    {
        var batches = new Dictionary<string, string?> { ["Retention:BatchSize"] = "3" };
        await using var nodeA = await CoreTestHost.StartAsync(provider, batches);
        await using var nodeB = await CoreTestHost.StartAsync(nodeA.Database, batches);
        var member = await nodeA.AddDemoMemberAsync();
        var now = nodeA.Time.GetUtcNow();
        nodeB.Time.SetUtcNow(now);
        await using (var db = nodeA.NewDbContext())
        {
            db.SignInSessions.AddRange(Enumerable.Range(1, 40).Select(i => i % 2 == 0
                ? Session($"ended-{i}", member.Id, expiresAt: now - TimeSpan.FromMinutes(i))
                : Session($"revoked-{i}", member.Id, expiresAt: now + Hour, revokedAt: now - Hour - TimeSpan.FromMinutes(i))));
            db.SignInSessions.Add(Session("live", member.Id, expiresAt: now + Hour));
            await db.SaveChangesAsync();
        }

        var results = await Task.WhenAll(
            nodeA.Get<PurgeExpiredData>().ExecuteAsync(), nodeB.Get<PurgeExpiredData>().ExecuteAsync());

        Assert.Equal(40, results.Sum(r => r.SignInSessions));
        await using var check = nodeA.NewDbContext();
        Assert.Equal(["live"], await check.SignInSessions.Select(s => s.Id).ToListAsync());
    }

    private static SignInSession Session(string id, Guid memberId, DateTimeOffset expiresAt, DateTimeOffset? revokedAt = null) =>
        new() { Id = id, MemberId = memberId, CreatedAt = expiresAt - TimeSpan.FromHours(12), ExpiresAt = expiresAt, RevokedAt = revokedAt };
}
