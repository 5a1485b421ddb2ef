using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.SignIn;

public class SignInMemberTests
{
    private static Task<SignInResult> SignIn(CoreTestHost host, string email, string password) =>
        host.Get<SignInMember>().ExecuteAsync(email, password, RecoverySteps.Client);

    [DatabaseTheory]
    public async Task Execute_RightPasswordAnyEmailCase_SignsIn(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();

        var result = await SignIn(host, "Marie.Tremblay@EXAMPLE.org", DemoMembers.Password);

        Assert.True(result.Succeeded);
        Assert.Equal((member.Id, "Dre Marie Tremblay", member.SecurityStamp), (result.Member!.Id, result.Member.DisplayName, result.Member.SecurityStamp));
    }

    [DatabaseTheory]
    public async Task Execute_WrongPasswordOrUnknownEmail_GiveTheSameAnswerAndWork(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        await host.AddDemoMemberAsync();
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();

        var before = hasher.Verifications;
        var wrongPassword = await SignIn(host, "marie.tremblay@example.org", "mauvais mot de passe");
        var known = hasher.Verifications - before;
        before = hasher.Verifications;
        var unknownEmail = await SignIn(host, "personne@example.org", "mauvais mot de passe");
        var unknown = hasher.Verifications - before;

        Assert.Equal(wrongPassword, unknownEmail);
        Assert.Equal(SignInError.InvalidCredentials, wrongPassword.Error);
        Assert.Equal((1, 1), (known, unknown));
    }

    [DatabaseTheory]
    [DatabaseData("marie.tremblay@example.org")]
    [DatabaseData("personne@example.org")] // an unknown email locks the same way: no enumeration by lockout
    public async Task Execute_FiveFailures_LocksForFifteenMinutes(DatabaseProvider provider, string email)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var errors = new List<SignInError>();
        for (var i = 0; i < 5; i++)
        {
            errors.Add((await SignIn(host, email, "mauvais")).Error);
        }

        Assert.Equal([.. Enumerable.Repeat(SignInError.InvalidCredentials, 4), SignInError.LockedOut], errors);
        Assert.Equal(SignInError.LockedOut, (await SignIn(host, email, DemoMembers.Password)).Error);

        host.Time.Advance(TimeSpan.FromMinutes(15));
        var after = await SignIn(host, email, DemoMembers.Password);
        Assert.Equal(email.StartsWith("marie") ? SignInError.None : SignInError.InvalidCredentials, after.Error);
    }

    [DatabaseTheory]
    public async Task Execute_TenParallelFailures_CountNoMoreThanTheLimit(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await SignIn(host, member.Email, "mauvais"); // creates the throttle row

        var errors = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => SignIn(host, member.Email, "mauvais"))));

        // 1 + 10 attempts: only 5 are ever checked, the rest are refused as locked out.
        Assert.Equal(3, errors.Count(e => e.Error == SignInError.InvalidCredentials));
        Assert.Equal(7, errors.Count(e => e.Error == SignInError.LockedOut));
        Assert.Equal(SignInError.LockedOut, (await SignIn(host, member.Email, DemoMembers.Password)).Error);
    }

    [DatabaseTheory]
    public async Task Execute_SuccessInBetween_ResetsTheCount(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        for (var i = 0; i < 4; i++)
        {
            await SignIn(host, member.Email, "mauvais");
        }

        Assert.True((await SignIn(host, member.Email, DemoMembers.Password)).Succeeded);
        Assert.Equal(SignInError.InvalidCredentials, (await SignIn(host, member.Email, "mauvais")).Error);
    }

    [DatabaseTheory]
    public async Task FindCurrent_AfterStampRotation_IsNull(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        Assert.NotNull(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp));

        await using (var db = host.NewDbContext())
        {
            var stored = await db.Members.FindAsync(member.Id);
            stored!.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync();
        }

        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp));
    }
}
