using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.SignIn;

public class SignInMemberTests
{
    private static Task<UseCaseResult<SignInAttempt>> SignIn(CoreTestHost host, string email, string password) =>
        host.Get<SignInMember>().ExecuteAsync(email, password, RecoverySteps.Client);

    /// <summary>An attempt that carries a freshly issued captcha, answered right (the test code).</summary>
    private static async Task<UseCaseResult<SignInAttempt>> SignInWithCaptcha(CoreTestHost host, string email, string password)
    {
        var image = await host.Get<CaptchaService>().IssueAsync();
        return await host.Get<SignInMember>().ExecuteAsync(
            email, password, new SignInCaptcha(image.ChallengeId, TestHostSettings.CaptchaCode), RecoverySteps.Client);
    }

    [DatabaseTheory]
    public async Task Execute_RightPasswordAnyEmailCase_SignsIn(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();

        var result = await SignIn(host, "Marie.Tremblay@EXAMPLE.org", DemoMembers.Password);

        Assert.True(result.Passed);
        Assert.Equal((member.Id, "Dre Marie Tremblay", member.SecurityStamp), (result.Value!.Member!.Id, result.Value.Member.DisplayName, result.Value.Member.SecurityStamp));
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
        Assert.Equal(Outcome.InvalidCredentials, wrongPassword.Outcome);
        Assert.Equal((1, 1), (known, unknown));
    }

    [DatabaseTheory]
    [DatabaseData("marie.tremblay@example.org")]
    [DatabaseData("personne@example.org")] // an unknown email asks for the captcha the same way: no enumeration
    public async Task Execute_FiveFailures_AsksForTheCaptchaButNeverLocksTheMemberOut(DatabaseProvider provider, string email)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var results = new List<(Outcome, bool)>();
        for (var i = 0; i < 5; i++)
        {
            var result = await SignIn(host, email, "mauvais");
            results.Add((result.Outcome, result.Value!.CaptchaRequired));
        }

        Assert.Equal([.. Enumerable.Repeat((Outcome.InvalidCredentials, false), 4), (Outcome.InvalidCredentials, true)], results);
        // Without the captcha, even the right password is not checked; with it, the member gets in.
        Assert.Equal(Outcome.CaptchaRequired, (await SignIn(host, email, DemoMembers.Password)).Outcome);
        var withCaptcha = await SignInWithCaptcha(host, email, DemoMembers.Password);
        Assert.Equal(email.StartsWith("marie") ? Outcome.Passed : Outcome.InvalidCredentials, withCaptcha.Outcome);
    }

    [DatabaseTheory]
    public async Task Execute_WrongCaptchaPastTheThreshold_ChecksNothingAndCountsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        var member = await host.AddDemoMemberAsync();
        for (var i = 0; i < 5; i++)
        {
            await SignIn(host, member.Email, "mauvais");
        }

        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var before = hasher.Verifications;
        var image = await host.Get<CaptchaService>().IssueAsync();
        var result = await host.Get<SignInMember>().ExecuteAsync(
            member.Email, DemoMembers.Password, new SignInCaptcha(image.ChallengeId, "00000"), RecoverySteps.Client);

        Assert.Equal((Outcome.CaptchaRequired, true), (result.Outcome, result.Value!.CaptchaRequired));
        Assert.Equal(0, hasher.Verifications - before);
        await using var db = host.NewDbContext();
        Assert.Equal(5, (await db.AttemptCounters.SingleAsync(c => c.Key.StartsWith(CounterKeys.SignInPrefix))).Failures);
    }

    [DatabaseTheory]
    public async Task Execute_TenParallelFailuresWithoutCaptcha_CheckNoMoreThanTheThreshold(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        var member = await host.AddDemoMemberAsync();
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => SignIn(host, member.Email, "mauvais"))));

        Assert.Equal(5, hasher.Verifications);
        Assert.Equal(5, results.Count(r => r.Outcome == Outcome.InvalidCredentials));
        Assert.Equal(5, results.Count(r => r.Outcome == Outcome.CaptchaRequired));
    }

    [DatabaseTheory]
    public async Task Execute_TenParallelFailuresAtTheLockLimit_CountNoMoreThanTheLimitAndOneReportsTheLock(DatabaseProvider provider)
    {
        var settings = new Dictionary<string, string?> { ["SignIn:LockAfterFailures"] = "5", ["SignIn:CaptchaAfterFailures"] = "1000" };
        await using var host = await CoreTestHost.StartAsync(provider, settings);
        var member = await host.AddDemoMemberAsync();
        await SignIn(host, member.Email, "mauvais"); // creates the counter row

        var errors = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => SignIn(host, member.Email, "mauvais"))));

        // 1 + 10 attempts: only 5 are ever checked; the one that reached the limit and the 6 refused report the lock.
        Assert.Equal(3, errors.Count(e => e.Outcome == Outcome.InvalidCredentials));
        Assert.Equal(7, errors.Count(e => e.Outcome == Outcome.LockedOut));
        Assert.Equal(Outcome.LockedOut, (await SignIn(host, member.Email, DemoMembers.Password)).Outcome);
    }

    [DatabaseTheory]
    [DatabaseData("marie.tremblay@example.org")]
    [DatabaseData("personne@example.org")]
    public async Task Execute_HundredFailuresInADay_LockThenTheLockEnds(DatabaseProvider provider, string email)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var errors = new List<Outcome>();
        for (var i = 0; i < 100; i++)
        {
            errors.Add((await SignInWithCaptcha(host, email, "mauvais")).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(Outcome.InvalidCredentials, 99), Outcome.LockedOut], errors);
        Assert.Equal(Outcome.LockedOut, (await SignInWithCaptcha(host, email, DemoMembers.Password)).Outcome);

        host.Time.Advance(host.Get<IOptions<SignInOptions>>().Value.LockDuration);
        var after = await SignIn(host, email, DemoMembers.Password);
        Assert.Equal(email.StartsWith("marie") ? Outcome.Passed : Outcome.InvalidCredentials, after.Outcome);
    }

    [DatabaseTheory]
    public async Task Execute_CaptchaThresholdAndLock_MailTheMemberOnceEach(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        for (var i = 0; i < 100; i++)
        {
            await SignInWithCaptcha(host, member.Email, "mauvais");
        }

        await SignInWithCaptcha(host, "personne@example.org", "mauvais");

        await host.Get<NotifyMember>().WhenIdleAsync();
        await using var db = host.NewDbContext();
        var mails = await db.OutboxMessages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Kind).ToListAsync();
        Assert.Equal([MailKinds.Notice(MemberNotice.SignInCaptcha), MailKinds.Notice(MemberNotice.SignInLocked)], mails.Select(m => m.Kind).Order());
        Assert.All(mails, m => Assert.Equal((member.Email, member.Id), (m.To, m.MemberId)));
    }

    [DatabaseTheory]
    public async Task Execute_CancelledDuringTheKdfThatReachesTheLimit_LocksThenTheRightPasswordSignsIn(DatabaseProvider provider)
    {
        var settings = new Dictionary<string, string?> { ["SignIn:LockAfterFailures"] = "3", ["SignIn:CaptchaAfterFailures"] = "1000" };
        await using var host = await CoreTestHost.StartAsync(provider, settings, s => s.AddSingleton<SecretHasher, CancellingSecretHasher>());
        var member = await host.AddDemoMemberAsync();
        ((CancellingSecretHasher)host.Get<SecretHasher>()).CancelAt = 3;
        await SignIn(host, member.Email, "mauvais");
        await SignIn(host, member.Email, "mauvais");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SignIn(host, member.Email, "mauvais"));

        // The dropped attempt counted and locked in one update: locked now, not stranded at the limit for good.
        Assert.Equal(Outcome.LockedOut, (await SignIn(host, member.Email, DemoMembers.Password)).Outcome);
        host.Time.Advance(host.Get<IOptions<SignInOptions>>().Value.LockDuration);
        Assert.True((await SignIn(host, member.Email, DemoMembers.Password)).Passed);
    }

    [DatabaseTheory]
    public async Task Execute_FailuresOlderThanTheWindow_NoLongerCount(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        for (var i = 0; i < 4; i++)
        {
            await SignIn(host, member.Email, "mauvais");
        }

        host.Time.Advance(host.Get<IOptions<SignInOptions>>().Value.FailureWindow + TimeSpan.FromSeconds(1));
        var fifth = await SignIn(host, member.Email, "mauvais");

        Assert.Equal((Outcome.InvalidCredentials, false), (fifth.Outcome, fifth.Value!.CaptchaRequired));
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

        Assert.True((await SignIn(host, member.Email, DemoMembers.Password)).Passed);
        var next = await SignIn(host, member.Email, "mauvais");
        Assert.Equal((Outcome.InvalidCredentials, false), (next.Outcome, next.Value!.CaptchaRequired));
    }

    [DatabaseTheory]
    public async Task Execute_HashWithFewerIterations_IsRehashedAtTheCurrentCount(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var weaker = new SecretHasher(Options.Create(new HashingOptions { Iterations = 500 }));
        var old = weaker.HashCore(DemoMembers.Password);
        await using (var db = host.NewDbContext())
        {
            await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.PasswordHash, old));
        }

        var hasher = host.Get<SecretHasher>();
        Assert.True(hasher.NeedsRehash(old));
        Assert.True((await SignIn(host, member.Email, DemoMembers.Password)).Passed);

        await using var after = host.NewDbContext();
        var stored = await after.Members.SingleAsync(m => m.Id == member.Id);
        Assert.NotEqual(old, stored.PasswordHash);
        Assert.False(hasher.NeedsRehash(stored.PasswordHash!));
        Assert.Equal(member.SecurityStamp, stored.SecurityStamp);
        Assert.True((await SignIn(host, member.Email, DemoMembers.Password)).Passed);
    }

    [DatabaseTheory]
    public async Task FindCurrent_AfterStampRotation_IsNull(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var sessions = host.Get<MemberSessions>();
        var session = await sessions.StartAsync(member.Id);
        Assert.NotNull(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, session.Id));

        await using (var db = host.NewDbContext())
        {
            var stored = await db.Members.FindAsync(member.Id);
            stored!.SecurityStamp = Guid.NewGuid().ToString("N");
            await db.SaveChangesAsync();
        }

        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, session.Id));
    }
}
