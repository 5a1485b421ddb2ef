using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Account;

public sealed class MemberSessionListTests
{
    [DatabaseTheory]
    public async Task End_OneThenAllOthers_EndsThemAndKeepsThisOne(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var second = await host.SignedInAsync(member);
        var third = await host.SignedInAsync(member);
        var list = host.Get<MemberSessionList>();
        var sessions = host.Get<MemberSessions>();

        var shown = await list.ListAsync(here);
        Assert.Equal(3, shown.Count);
        Assert.True(shown[0].Current);
        Assert.DoesNotContain(shown, s => s.Handle == here.SessionId || s.Handle == second.SessionId);

        var secondHandle = (await new MemberSessionList(host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<RecoveryDbContext>>(), host.Get<CmqRecovery.Core.Throttling.ClientThrottle>(), host.Get<CmqRecovery.Core.Audit.AuditTrail>(), host.Time)
            .ListAsync(second)).Single(s => s.Current).Handle;
        Assert.Equal(1, (await list.EndAsync(here, secondHandle, RecoverySteps.Client)).Value);
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, second.SessionId));
        Assert.NotNull(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, third.SessionId));

        Assert.Equal(1, (await list.EndAsync(here, null, RecoverySteps.Client)).Value);
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, third.SessionId));
        Assert.NotNull(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, here.SessionId));
        Assert.Equal(0, (await list.EndAsync(here, null, RecoverySteps.Client)).Value);
    }

    [DatabaseTheory]
    public async Task List_SessionsWithAndWithoutUserAgent_NameTheirBrowserAndSystem(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var old = await sessions.StartAsync(member.Id); // as before the column: no User-Agent
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var phone = await sessions.StartAsync(member.Id, SessionDeviceTests.ChromeAndroid);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var long_ = await sessions.StartAsync(member.Id, SessionDeviceTests.FirefoxWindows + new string('x', 2000));

        var shown = await host.Get<MemberSessionList>().ListAsync(new AccountSession(member.Id, phone.Id));

        Assert.Equal(
            [new(BrowserFamily.Chrome, SystemFamily.Android), new(BrowserFamily.Firefox, SystemFamily.Windows), SessionDevice.Unknown],
            shown.Select(s => s.Device).ToArray());
        await using var db = host.NewDbContext();
        Assert.Equal(SessionDevice.MaxUserAgentLength, db.SignInSessions.Single(s => s.Id == long_.Id).UserAgent!.Length);
        Assert.Null(db.SignInSessions.Single(s => s.Id == old.Id).UserAgent);
    }
}
