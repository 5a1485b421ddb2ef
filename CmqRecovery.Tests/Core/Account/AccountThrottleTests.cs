using System.Globalization;
using CmqRecovery.Core;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Account;

/// <summary>
/// « Mon compte »'s per-IP budget (RateLimits:Account), one for its three actions, counted in the shared database.
/// The hosts run with Captcha:TestCode (every captcha passes) and the account pages ask for none: the budget alone
/// must hold. Past it: Throttled with the wait, and nothing read, hashed or written; another address is unaffected.
/// </summary>
public sealed class AccountThrottleTests
{
    private const string Strong = "Ornithorynque-Violet-Soupir-42";
    private static readonly ClientContext OtherClient = new("198.51.100.23");

    private static Dictionary<string, string?> Budget(int permits) => new()
    {
        ["RateLimits:Account:PermitLimit"] = permits.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:Account:Window"] = "00:10:00",
    };

    private static Task<CoreTestHost> StartAsync(DatabaseProvider provider, int permits) =>
        CoreTestHost.StartAsync(provider, Budget(permits), s => s.AddSingleton<SecretHasher, CountingSecretHasher>());

    [DatabaseTheory]
    public async Task ChangePassword_PastThePerIpLimit_IsThrottledBeforeTheKdfAndWritesNothing(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, 2);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var change = host.Get<ChangePassword>();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(Outcome.PasswordRefused, (await change.ExecuteAsync(here, DemoMembers.Password, "court", "court", RecoverySteps.Client)).Outcome);
        }

        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var (verifications, hashes) = (hasher.Verifications, hasher.Hashes);
        var before = await host.TakeAsync();

        var third = await change.ExecuteAsync(here, DemoMembers.Password, Strong, Strong, RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, third.Outcome);
        Assert.Equal(new Throttled(ThrottleReason.TooManyAttempts, TimeSpan.FromMinutes(10)), third.Throttled);
        Assert.Null(third.Value);
        Assert.Equal((verifications, hashes), (hasher.Verifications, hasher.Hashes));
        Assert.Equal(before, await host.TakeAsync()); // no audit, no counter, no password, no mail
        Assert.True((await change.ExecuteAsync(here, DemoMembers.Password, Strong, Strong, OtherClient)).Passed);
    }

    [DatabaseTheory]
    public async Task ReplaceSecurityQuestions_PastThePerIpLimit_IsThrottledAndStoresNothing(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, 2);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var replace = host.Get<ReplaceSecurityQuestions>();
        var repeated = AccountTestKit.Typed(3).Select(a => a with { Answer = "Sherbrooke", Confirmation = "Sherbrooke" }).ToList();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(Outcome.AnswersRefused, (await replace.ExecuteAsync(here, null, repeated, RecoverySteps.Client)).Outcome);
        }

        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var hashes = hasher.Hashes;
        var before = await host.TakeAsync();

        var third = await replace.ExecuteAsync(here, DemoMembers.Password, AccountTestKit.Typed(), RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, third.Outcome);
        Assert.Equal(10, third.Throttled!.RetryAfterMinutes);
        Assert.Equal(hashes, hasher.Hashes);
        Assert.Equal(before, await host.TakeAsync());
        Assert.True((await replace.ExecuteAsync(here, DemoMembers.Password, AccountTestKit.Typed(), OtherClient)).Passed);
    }

    [DatabaseTheory]
    public async Task EndSessions_PastThePerIpLimit_IsThrottledAndTheSessionLives(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, 1);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var list = host.Get<MemberSessionList>();
        Assert.Equal(0, (await list.EndAsync(here, null, RecoverySteps.Client)).Value);
        var other = await host.SignedInAsync(member);
        var before = await host.TakeAsync();

        var refused = await list.EndAsync(here, null, RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, refused.Outcome);
        Assert.Equal(before, await host.TakeAsync());
        Assert.NotNull(await host.Get<MemberSessions>().FindCurrentAsync(member.Id, member.SecurityStamp, other.SessionId));
        Assert.Equal(1, (await list.EndAsync(here, null, OtherClient)).Value);
    }

    [DatabaseTheory]
    public async Task AccountActions_TwoNodesOnOneDatabase_ShareOneBudget(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var node1 = await CoreTestHost.StartAsync(database, Budget(3));
        await using var node2 = await CoreTestHost.StartAsync(database, Budget(3));
        var member = await node1.AddDemoMemberAsync();
        var here = await node1.SignedInAsync(member);

        // One budget for the three actions, whichever node serves each.
        Assert.Equal(Outcome.PasswordRefused, (await node1.Get<ChangePassword>().ExecuteAsync(here, DemoMembers.Password, "court", "court", RecoverySteps.Client)).Outcome);
        Assert.True((await node2.Get<MemberSessionList>().EndAsync(here, null, RecoverySteps.Client)).Passed);
        Assert.True((await node1.Get<ReplaceSecurityQuestions>().ExecuteAsync(here, DemoMembers.Password, AccountTestKit.Typed(3), RecoverySteps.Client)).Passed);
        var before = await node1.StoredAsync(member.Id);

        var fourth = await node2.Get<ChangePassword>().ExecuteAsync(here, DemoMembers.Password, Strong, Strong, RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, fourth.Outcome);
        Assert.Equal(before, await node2.StoredAsync(member.Id));
    }
}
