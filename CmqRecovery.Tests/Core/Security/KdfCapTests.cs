using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Security;

/// <summary>
/// The global cap on concurrent PBKDF2 runs: never more than the cap at once, a short queue, and past it an
/// immediate "busy" that writes nothing — for members and decoys alike.
/// </summary>
public sealed class KdfCapTests
{
    private const int Cap = 2;
    private const int Queue = 1;

    private static Task<CoreTestHost> StartAsync(DatabaseProvider provider) => CoreTestHost.StartAsync(
        provider,
        new Dictionary<string, string?>
        {
            ["RateLimits:KdfConcurrency"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:KdfQueue"] = Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        s => s.AddSingleton<SecretHasher, BlockingSecretHasher>());

    /// <summary>Unknown emails: every attempt is a decoy KDF, which must take its turn like a real one.</summary>
    private static Task<UseCaseResult<SignInAttempt>> SignInAsync(CoreTestHost host, int i) =>
        Task.Run(() => host.Get<SignInMember>().ExecuteAsync($"inconnu{i}@example.org", "mauvais", RecoverySteps.Client));

    /// <summary>Fills the cap with blocked verifications and the queue behind them; returns the held attempts.</summary>
    private static async Task<List<Task<UseCaseResult<SignInAttempt>>>> SaturateAsync(CoreTestHost host)
    {
        var hasher = (BlockingSecretHasher)host.Get<SecretHasher>();
        var held = Enumerable.Range(0, Cap).Select(i => SignInAsync(host, i)).ToList();
        await hasher.WhenRunningAsync(Cap);
        held.Add(SignInAsync(host, Cap));
        await Task.Run(async () =>
        {
            while (hasher.KdfStatistics!.CurrentQueuedCount < Queue)
            {
                await Task.Delay(5);
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));
        return held;
    }

    [DatabaseTheory]
    public async Task SignIn_MoreThanCapPlusQueueAtOnce_RefusesTheRestAsBusyAndNeverRunsMoreThanCap(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var hasher = (BlockingSecretHasher)host.Get<SecretHasher>();
        var held = await SaturateAsync(host);
        var before = await host.TakeAsync();

        var refused = await Task.WhenAll(Enumerable.Range(Cap + Queue, 3).Select(i => SignInAsync(host, i)));

        // Answered at once, while the slots were still held, and nothing written (no throttle row, no audit).
        Assert.All(refused, r => Assert.Equal(Outcome.Throttled, r.Outcome));
        Assert.Equal(before, await host.TakeAsync());
        Assert.DoesNotContain(held, t => t.IsCompleted);

        hasher.Release();
        var admitted = await Task.WhenAll(held);
        Assert.All(admitted, r => Assert.Equal(Outcome.InvalidCredentials, r.Outcome));
        Assert.Equal(Cap, hasher.MaxRunning);
    }

    [DatabaseTheory]
    public async Task CheckAnswers_WhileSaturated_IsBusyAndCountsNothing(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var hasher = (BlockingSecretHasher)host.Get<SecretHasher>();
        var marie = await host.AddDemoMemberAsync(); // hashing is not blocked, only verifying
        var subject = (await host.IdentifyAsync(userCode: marie.UserCode)).Value!;
        var held = await SaturateAsync(host);
        // The per-IP window counts this attempt, as it counts every one that reaches the KDF gate; nothing else may change.
        var before = await host.TakeAsync(withRateLimitWindows: false);

        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        var result = await host.Get<CheckAnswers>().ForIdentityAsync(subject, first, second, RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, result.Outcome);
        Assert.Equal(ThrottleReason.Busy, result.Throttled!.Reason);
        Assert.Equal(before, await host.TakeAsync(withRateLimitWindows: false));

        // Once the flood drains, the same answers pass: nothing was held against the member.
        hasher.Release();
        await Task.WhenAll(held);
        Assert.True((await host.Get<CheckAnswers>().ForIdentityAsync(subject, first, second, RecoverySteps.Client)).Passed);
        Assert.Equal(Cap, hasher.MaxRunning);
    }
}
