using CmqRecovery.Core.Account;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Account;

public sealed class ReadRecentActivityTests
{
    [DatabaseTheory]
    public async Task Execute_FailuresThenSignIn_GroupsTheFailuresAndLeavesOlderThan30DaysOut(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var signIn = host.Get<SignInMember>();
        await signIn.ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client);
        host.Time.Advance(TimeSpan.FromDays(31));
        await signIn.ExecuteAsync(member.Email, "faux", RecoverySteps.Client);
        await signIn.ExecuteAsync(member.Email, "faux", RecoverySteps.Client);
        await signIn.ExecuteAsync(member.Email, "faux", RecoverySteps.Client);
        await signIn.ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client);

        var activity = await host.Get<ReadRecentActivity>().ExecuteAsync(member.Id);

        Assert.Equal([(AuditKind.SignInSucceeded, 1), (AuditKind.SignInFailed, 3)], activity.Select(a => (a.Kind, a.Count)));
    }
}
