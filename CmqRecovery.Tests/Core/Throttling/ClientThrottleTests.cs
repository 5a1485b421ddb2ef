using CmqRecovery.Core;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Throttling;

/// <summary>Per-IP limits on what the circuit does: refused before any work, nothing written, other IPs unaffected.</summary>
public sealed class ClientThrottleTests
{
    private static readonly ClientContext OtherClient = new("198.51.100.23");

    private static Task<CoreTestHost> StartAsync(DatabaseProvider provider, string action, int permits, Action<IServiceCollection>? configure = null) =>
        CoreTestHost.StartAsync(provider, new Dictionary<string, string?>
        {
            [$"RateLimits:{action}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"RateLimits:{action}:Window"] = "00:10:00",
        }, configure);

    [DatabaseTheory]
    public async Task IdentifyMember_PastTheLimit_IsThrottledBeforeTheCaptchaAndWritesNothing(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, "Identify", 2);
        var marie = await host.AddDemoMemberAsync();
        Assert.True((await host.IdentifyAsync(userCode: marie.UserCode)).Passed);
        Assert.Equal(Outcome.CaptchaFailed, (await host.IdentifyAsync(userCode: marie.UserCode, captchaAnswer: "00000")).Outcome);
        var captcha = await host.Get<CaptchaService>().IssueAsync();
        var before = await host.TakeAsync();

        var third = await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(null, marie.UserCode, captcha.ChallengeId, TestHostSettings.CaptchaCode), RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, third.Outcome);
        Assert.Null(third.Value);
        Assert.Equal(new Throttled(ThrottleReason.TooManyAttempts, TimeSpan.FromMinutes(10)), third.Throttled);
        Assert.Equal(before, await host.TakeAsync()); // captcha unspent, no audit, no state
        // Another client is not affected, and the unspent captcha still works for it.
        var other = await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(null, marie.UserCode, captcha.ChallengeId, TestHostSettings.CaptchaCode), OtherClient);
        Assert.True(other.Passed);
    }

    [DatabaseTheory]
    public async Task CheckAnswers_PastTheLimit_IsThrottledWithoutKdfOrCounter(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, "AnswerCheck", 1, s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        var marie = await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: marie.UserCode)).Value!;
        var checker = host.Get<CheckAnswers>();
        Assert.Equal(Outcome.WrongAnswers, (await checker.ForIdentityAsync(subject, "non", "non", RecoverySteps.Client)).Outcome);
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var kdfs = hasher.Verifications;
        var before = await host.TakeAsync();

        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        var throttled = await checker.ForIdentityAsync(subject, first, second, RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, throttled.Outcome);
        Assert.Null(throttled.Value);
        Assert.Equal(10, throttled.Throttled!.RetryAfterMinutes);
        Assert.Equal(kdfs, hasher.Verifications);
        Assert.Equal(before, await host.TakeAsync());
        Assert.True((await checker.ForIdentityAsync(subject, first, second, OtherClient)).Passed);
    }

    [DatabaseTheory]
    public async Task OpenLink_PastTheLimit_IsThrottledWithoutLookingAtTheLink(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, "LinkOpen", 1);
        var marie = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(marie.Id);
        Assert.Equal(Outcome.LinkNoLongerValid, (await host.Get<OpenLink>().ExecuteAsync(request.Id, "x", RecoverySteps.Client)).Outcome);
        var before = await host.TakeAsync();

        var throttled = await host.Get<OpenLink>().ExecuteAsync(request.Id, token, RecoverySteps.Client);

        Assert.NotNull(throttled.Throttled);
        Assert.Null(throttled.Value);
        Assert.Equal(before, await host.TakeAsync());
        Assert.True((await host.Get<OpenLink>().ExecuteAsync(request.Id, token, OtherClient)).Passed);
    }

    [DatabaseTheory]
    public async Task IssueCaptcha_PastTheLimit_IsThrottledAndStoresNoChallenge(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, "Captcha", 3);
        var issue = host.Get<IssueCaptcha>();
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull((await issue.ImageAsync(RecoverySteps.Client)).Value);
        }

        var before = await host.TakeAsync();

        var fourth = await issue.ImageAsync(RecoverySteps.Client);

        Assert.Null(fourth.Value);
        Assert.Equal(ThrottleReason.TooManyAttempts, fourth.Throttled!.Reason);
        Assert.Equal(before, await host.TakeAsync());
        Assert.NotNull((await issue.ImageAsync(OtherClient)).Value);
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2:bbbb::2", true)] // one /64: one client
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7", true)] // IPv4 mapped into IPv6 is the same IPv4 client
    [InlineData("198.51.100.7", "198.51.100.8", false)]
    public void PartitionKey_Addresses_GroupIPv6By64(string first, string second, bool same)
    {
        Assert.Equal(same, ClientAddress.PartitionKey(first, ClientAddress.DefaultIPv6PrefixLength)
            == ClientAddress.PartitionKey(second, ClientAddress.DefaultIPv6PrefixLength));
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", 48, true)] // two /64s of one /48
    [InlineData("2001:db8:1:2::1", "2001:db8:2:2::1", 48, false)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::2", 128, false)] // every address its own client
    [InlineData("2001:db8:1:2ff::1", "2001:db8:1:200::1", 56, true)]
    [InlineData("2001:db8:1:2ff::1", "2001:db8:1:300::1", 56, false)]
    [InlineData("198.51.100.7", "198.51.100.8", 32, false)] // IPv4 by address whatever the IPv6 prefix
    public void PartitionKey_IPv6PrefixLength_GroupsByThatPrefix(string first, string second, int prefixLength, bool same)
    {
        Assert.Equal(same, ClientAddress.PartitionKey(first, prefixLength) == ClientAddress.PartitionKey(second, prefixLength));
    }

    [DatabaseTheory]
    public async Task TryAcquire_OneIPv6Subscriber_SharesOneLimitAcrossItsAddresses(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, "Identify", 1);
        var throttle = host.Get<ClientThrottle>();

        Assert.Null(await throttle.TryAcquireAsync(ClientAction.Identify, new ClientContext("2001:db8:1:2::1")));
        Assert.NotNull(await throttle.TryAcquireAsync(ClientAction.Identify, new ClientContext("2001:db8:1:2::ffff")));
        Assert.Null(await throttle.TryAcquireAsync(ClientAction.AnswerCheck, new ClientContext("2001:db8:1:2::ffff"))); // each action its own limit
    }

    [Theory]
    [InlineData("RateLimits:SignIn:PermitLimit", "0")]
    [InlineData("RateLimits:AnswerCheck:Window", "00:00:00")]
    [InlineData("RateLimits:KdfQueue", "-1")]
    [InlineData("RateLimits:KdfConcurrency", "-1")]
    [InlineData("RateLimits:IPv6PrefixLength", "16")]
    [InlineData("RateLimits:IPv6PrefixLength", "129")]
    public void Validate_Nonsense_FailsAndNamesTheKey(string key, string value)
    {
        var options = new RateLimitsOptions();
        new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build()
            .GetSection(RateLimitsOptions.Section).Bind(options);

        var result = new RateLimitsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new RateLimitsOptionsValidator().Validate(null, new RateLimitsOptions()).Succeeded);
        Assert.Equal(Environment.ProcessorCount, new RateLimitsOptions().EffectiveKdfConcurrency);
    }
}
