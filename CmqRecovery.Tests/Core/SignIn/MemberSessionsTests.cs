using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.SignIn;

/// <summary>
/// Server-side sessions: a cookie stands only while its row does — not revoked, before its absolute end — and while
/// the member's security stamp is the one it carries.
/// </summary>
public sealed class MemberSessionsTests
{
    [DatabaseTheory]
    public async Task FindCurrent_FreshSession_ReturnsTheMember(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var session = await host.Get<MemberSessions>().StartAsync(member.Id);

        var current = await host.Get<MemberSessions>().FindCurrentAsync(member.Id, member.SecurityStamp, session.Id);

        Assert.Equal(member.Id, current?.Id);
        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromHours(12), session.ExpiresAt);
    }

    [DatabaseTheory]
    public async Task FindCurrent_AtTheDefaultLifetime_IsNull(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var session = await sessions.StartAsync(member.Id);

        host.Time.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, session.Id));
        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, session.Id));
    }

    [DatabaseTheory]
    public async Task FindCurrent_PastAConfiguredLifetime_IsNull(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["SignIn:SessionLifetime"] = "02:00:00" });
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var session = await sessions.StartAsync(member.Id);

        host.Time.Advance(TimeSpan.FromHours(2));

        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, session.Id));
    }

    [DatabaseTheory]
    public async Task Revoke_OneSession_RefusesItAndKeepsTheOther(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var phone = await sessions.StartAsync(member.Id);
        var laptop = await sessions.StartAsync(member.Id);

        await sessions.RevokeAsync(phone.Id);

        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, phone.Id));
        Assert.NotNull(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, laptop.Id));
        await using var db = host.NewDbContext();
        Assert.Equal(host.Time.GetUtcNow(), (await db.SignInSessions.SingleAsync(s => s.Id == phone.Id)).RevokedAt);
    }

    [DatabaseTheory]
    public async Task FindCurrent_AnotherMembersSessionId_IsNull(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var marie = await host.AddDemoMemberAsync(0);
        var julien = await host.AddDemoMemberAsync(1);
        var julienSession = await host.Get<MemberSessions>().StartAsync(julien.Id);

        Assert.Null(await host.Get<MemberSessions>().FindCurrentAsync(marie.Id, marie.SecurityStamp, julienSession.Id));
        Assert.Null(await host.Get<MemberSessions>().FindCurrentAsync(marie.Id, marie.SecurityStamp, "inconnue"));
    }

    [DatabaseTheory]
    public async Task FindCurrent_AfterSetPassword_IsNullForEverySession(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var first = await sessions.StartAsync(member.Id);
        var second = await sessions.StartAsync(member.Id);
        var (request, token) = await host.AddRequestAsync(member.Id);
        var authorization = await host.ResetAuthorizationAsync(request.Id, token);

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, "Nouveau-mot-de-passe-2026!", "Nouveau-mot-de-passe-2026!", RecoverySteps.Client);

        Assert.True(result.Passed);
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, first.Id));
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, second.Id));
    }
}
