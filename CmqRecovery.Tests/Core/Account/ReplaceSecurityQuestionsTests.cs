using CmqRecovery.Core;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Account;

public sealed class ReplaceSecurityQuestionsTests
{
    private static readonly TimeSpan PastTheRecentWindow = TimeSpan.FromMinutes(5);

    [DatabaseTheory]
    public async Task Execute_RecentSignIn_StoresWithoutThePasswordForTenKdfUnits(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        var member = await host.AddDemoMemberAsync();
        var session = await host.SignedInAsync(member);
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var (hashes, verifications) = (hasher.Hashes, hasher.Verifications);
        host.Time.Advance(PastTheRecentWindow - TimeSpan.FromSeconds(1));

        var result = await host.Get<ReplaceSecurityQuestions>().ExecuteAsync(session, null, AccountTestKit.Typed(), RecoverySteps.Client);

        Assert.True(result.Passed);
        Assert.Equal(10, hasher.Hashes - hashes + hasher.Verifications - verifications);
    }

    [DatabaseTheory]
    public async Task Execute_SignInNotRecentNoPassword_AsksForItAndStoresNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var session = await host.SignedInAsync(member);
        host.Time.Advance(PastTheRecentWindow);
        // The attempt spends one of the address's account permits (AccountThrottleTests); nothing else may change.
        var before = await host.TakeAsync(withRateLimitWindows: false);

        var result = await host.Get<ReplaceSecurityQuestions>().ExecuteAsync(session, null, AccountTestKit.Typed(), RecoverySteps.Client);

        Assert.Equal(Outcome.PasswordNeeded, result.Outcome);
        Assert.Equal(before, await host.TakeAsync(withRateLimitWindows: false));
    }

    [DatabaseTheory]
    public async Task Execute_SignInNotRecentRightPassword_StoresForElevenKdfUnits(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        var member = await host.AddDemoMemberAsync();
        var session = await host.SignedInAsync(member);
        host.Time.Advance(PastTheRecentWindow);
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var (hashes, verifications) = (hasher.Hashes, hasher.Verifications);

        var result = await host.Get<ReplaceSecurityQuestions>().ExecuteAsync(session, DemoMembers.Password, AccountTestKit.Typed(), RecoverySteps.Client);

        Assert.True(result.Passed);
        Assert.Equal(11, hasher.Hashes - hashes + hasher.Verifications - verifications);
    }

    [DatabaseTheory]
    public async Task Execute_WrongPassword_CountsTowardTheSignInCaptchaAndStoresNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var session = await host.SignedInAsync(member);
        host.Time.Advance(PastTheRecentWindow);
        var before = await host.StoredAsync(member.Id);

        for (var i = 0; i < 5; i++)
        {
            var result = await host.Get<ReplaceSecurityQuestions>().ExecuteAsync(session, "pas le bon", AccountTestKit.Typed(), RecoverySteps.Client);
            Assert.Equal(Outcome.InvalidCredentials, result.Outcome);
        }

        // The sixth try here is refused untouched, and the sign-in form now wants the captcha, even with the right password.
        var sixth = await host.Get<ReplaceSecurityQuestions>().ExecuteAsync(session, DemoMembers.Password, AccountTestKit.Typed(), RecoverySteps.Client);
        Assert.Equal(Outcome.CaptchaRequired, sixth.Outcome);
        Assert.Equal(Outcome.CaptchaRequired, (await host.Get<SignInMember>().ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client)).Outcome);
        Assert.Equal(await host.WithCaptchaNoticeAsync(before), await host.StoredAsync(member.Id));
    }

    [DatabaseTheory]
    public async Task Execute_SessionEnded_RefusedAndStoresNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var session = await host.SignedInAsync(member);
        await host.Get<MemberSessions>().RevokeAsync(session.SessionId);
        var before = await host.TakeAsync(withRateLimitWindows: false); // the account permit spent aside

        var result = await host.Get<ReplaceSecurityQuestions>().ExecuteAsync(session, DemoMembers.Password, AccountTestKit.Typed(), RecoverySteps.Client);

        Assert.Equal(Outcome.SessionEnded, result.Outcome);
        Assert.Equal(before, await host.TakeAsync(withRateLimitWindows: false));
    }
}
