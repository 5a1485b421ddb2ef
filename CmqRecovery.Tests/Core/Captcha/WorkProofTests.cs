using CmqRecovery.Core;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Captcha;

/// <summary>The proof of work: single use and expiring like an image, counted under the same limit, accepted by IdentifyMember.</summary>
public sealed class WorkProofTests
{
    private static readonly ClientContext Client = new("198.51.100.9");

    private static Task<CoreTestHost> StartAsync(DatabaseProvider provider, Dictionary<string, string?>? settings = null) =>
        CoreTestHost.StartAsync(provider, new Dictionary<string, string?>(settings ?? [])
        {
            ["Captcha:WorkMaxNumber"] = "2000",
        });

    /// <summary>A work challenge issued by the host's captcha service, and the number that solves it.</summary>
    private static async Task<(CaptchaService Captcha, WorkChallenge Work, string Number)> IssueSolvedAsync(CoreTestHost host)
    {
        var captcha = host.Get<CaptchaService>();
        var work = await captcha.IssueWorkAsync();
        return (captcha, work, Solve(work.Salt, work.Target, work.MaxNumber));
    }

    /// <summary>What the browser's script does, in C#: try 0, 1, 2… until SHA-256(salt + n) is the target.</summary>
    internal static string Solve(string salt, string target, int max)
    {
        for (var n = 0; n <= max; n++)
        {
            var text = salt + n.ToString(CultureInfo.InvariantCulture);
            if (Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text))) == target)
            {
                return n.ToString(CultureInfo.InvariantCulture);
            }
        }

        throw new Xunit.Sdk.XunitException("No number up to the maximum matches the target.");
    }

    [DatabaseTheory]
    public async Task VerifyAsync_SolvedWork_PassesOnceOnly(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var (captcha, work, number) = await IssueSolvedAsync(host);

        Assert.Equal(2000, work.MaxNumber);
        Assert.True(await captcha.VerifyAsync(work.ChallengeId, number, CaptchaKind.Work));
        Assert.False(await captcha.VerifyAsync(work.ChallengeId, number, CaptchaKind.Work));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_WrongNumber_FailsAndSpendsIt(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var (captcha, work, solution) = await IssueSolvedAsync(host);
        var number = int.Parse(solution, CultureInfo.InvariantCulture);

        Assert.False(await captcha.VerifyAsync(work.ChallengeId, (number + 1).ToString(CultureInfo.InvariantCulture), CaptchaKind.Work));
        Assert.False(await captcha.VerifyAsync(work.ChallengeId, number.ToString(CultureInfo.InvariantCulture), CaptchaKind.Work));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_Expired_Fails(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var (captcha, work, number) = await IssueSolvedAsync(host);

        host.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(await captcha.VerifyAsync(work.ChallengeId, number, CaptchaKind.Work));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_AnswersOfTheOtherKind_NeverPass(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var (captcha, work, number) = await IssueSolvedAsync(host);
        var image = await captcha.IssueAsync();

        // The work's number offered as image digits, and the image's digits offered as a work number.
        Assert.False(await captcha.VerifyAsync(work.ChallengeId, number.PadLeft(5, '0'), CaptchaKind.Image));
        Assert.False(await captcha.VerifyAsync(image.ChallengeId, TestHostSettings.CaptchaCode, CaptchaKind.Work));
    }

    [DatabaseTheory]
    public async Task IssueWorkAsync_Always_StoresOnlyAKeyedHashNeverTheNumber(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var (_, work, number) = await IssueSolvedAsync(host);

        await using var db = host.NewDbContext();
        var row = await db.CaptchaChallenges.SingleAsync(c => c.Id == work.ChallengeId);
        Assert.Equal(32, row.AnswerHash.Length);
        Assert.False(row.AnswerHash.AsSpan().SequenceEqual(SHA256.HashData(Encoding.ASCII.GetBytes(number))));
        Assert.Equal(row.CreatedAt + TimeSpan.FromMinutes(5), row.ExpiresAt);
    }

    [DatabaseTheory]
    public async Task WorkAsync_PastTheCaptchaLimit_IsRefusedLikeAnImage(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider, new() { ["RateLimits:Captcha:PermitLimit"] = "1" });
        Assert.NotNull((await host.Get<IssueCaptcha>().ImageAsync(Client)).Value);
        await using (var db = host.NewDbContext())
        {
            Assert.Equal(1, await db.CaptchaChallenges.CountAsync());
        }

        var refused = await host.Get<IssueCaptcha>().WorkAsync(Client);

        Assert.Null(refused.Value);
        Assert.NotNull(refused.Throttled);
        await using var after = host.NewDbContext();
        Assert.Equal(1, await after.CaptchaChallenges.CountAsync());
    }

    [DatabaseTheory]
    public async Task IdentifyMember_WithSolvedWork_GoesOnAsAfterTheImage(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var marie = await host.AddDemoMemberAsync(0);
        var (_, work, number) = await IssueSolvedAsync(host);

        var result = await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(null, marie.UserCode, work.ChallengeId, number, CaptchaKind.Work), Client);

        Assert.Equal(Outcome.Passed, result.Outcome);
        Assert.Equal(marie.Id, result.Value!.MemberId);
    }

    [DatabaseTheory]
    public async Task IdentifyMember_WithUnsolvedWork_FailsTheCaptcha(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var marie = await host.AddDemoMemberAsync(0);
        var work = await host.Get<CaptchaService>().IssueWorkAsync();

        var result = await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(null, marie.UserCode, work.ChallengeId, "not a number", CaptchaKind.Work), Client);

        Assert.Equal(Outcome.CaptchaFailed, result.Outcome);
        Assert.Null(result.Value);
    }
}
