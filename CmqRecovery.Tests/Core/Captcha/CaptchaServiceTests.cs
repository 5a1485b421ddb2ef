using CmqRecovery.Core.Data;
using System.Security.Cryptography;
using System.Text;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Operations;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Captcha;

public sealed class CaptchaServiceTests
{
    private const string TestCode = TestHostSettings.CaptchaCode;

    [DatabaseTheory]
    public async Task IssueAsync_Always_ReturnsDecodablePngOfFiveDigits(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);

        var image = await host.Get<CaptchaService>().IssueAsync();

        using var bitmap = CaptchaPixels.Decode(image.Png);
        Assert.Equal(CaptchaRenderer.Width, bitmap.Width);
        Assert.Equal(CaptchaRenderer.Height, bitmap.Height);
        Assert.True(CaptchaPixels.DarkPixels(bitmap) > 1500, "too little ink for five digits");
        Assert.NotEqual(Guid.Empty, image.ChallengeId);
    }

    [DatabaseTheory]
    public async Task IssueAsync_WithTestCode_DrawsTheTestCode(DatabaseProvider provider)
    {
        var renderer = new RecordingCaptchaRenderer();
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<CaptchaRenderer>(renderer));

        await host.Get<CaptchaService>().IssueAsync();

        Assert.Equal([TestCode], renderer.Drawn);
    }

    [DatabaseTheory]
    public async Task IssueAsync_WithoutTestCode_DrawsFreshFiveDigitCodes(DatabaseProvider provider)
    {
        var renderer = new RecordingCaptchaRenderer();
        await using var host = await StartWithoutTestCodeAsync(provider, renderer);
        var captcha = host.Get<CaptchaService>();

        for (var i = 0; i < 10; i++)
        {
            await captcha.IssueAsync();
        }

        Assert.All(renderer.Drawn, code => Assert.Matches("^[0-9]{5}$", code));
        Assert.True(renderer.Drawn.Distinct().Count() > 1, "ten challenges drew the same code");
    }

    [DatabaseTheory]
    public async Task IssueAsync_Always_StoresOnlyAKeyedHashWithFiveMinuteExpiry(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();

        var first = await captcha.IssueAsync();
        var second = await captcha.IssueAsync();

        await using var db = host.NewDbContext();
        var rows = await db.CaptchaChallenges.AsNoTracking().ToListAsync();
        Assert.Equal(2, rows.Count);
        var row = rows.Single(r => r.Id == first.ChallengeId);
        Assert.Equal(32, row.AnswerHash.Length);
        Assert.NotEqual(Encoding.ASCII.GetBytes(TestCode), row.AnswerHash);
        Assert.NotEqual(SHA256.HashData(Encoding.ASCII.GetBytes(TestCode)), row.AnswerHash);
        Assert.False(ContainsSequence(row.AnswerHash, Encoding.ASCII.GetBytes(TestCode)));
        // Same code, different rows: the hash is bound to the challenge, so rows cannot be matched to each other.
        Assert.NotEqual(row.AnswerHash, rows.Single(r => r.Id == second.ChallengeId).AnswerHash);
        Assert.Equal(host.Time.GetUtcNow(), row.CreatedAt);
        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromMinutes(5), row.ExpiresAt);
        Assert.Null(row.SpentAt);
    }

    [DatabaseTheory]
    public async Task IssueAsync_ExpiredChallenges_AreLeftForTheRetentionPassToDelete(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var old = await captcha.IssueAsync();
        host.Time.Advance(TimeSpan.FromMinutes(30));
        var recent = await captcha.IssueAsync();
        host.Time.Advance(TimeSpan.FromMinutes(40)); // old expired 65 min ago, recent 35 min ago.

        var fresh = await captcha.IssueAsync();
        var work = await captcha.IssueWorkAsync();

        // Issuing deletes nothing (it is the hot path); the retention pass deletes what expired, and only that.
        Assert.Equal(new[] { old.ChallengeId, recent.ChallengeId, fresh.ChallengeId, work.ChallengeId }.Order(), (await ChallengeIdsAsync(host)).Order());
        Assert.Equal(2, (await host.Get<PurgeExpiredData>().ExecuteAsync()).CaptchaChallenges);
        Assert.Equal(new[] { fresh.ChallengeId, work.ChallengeId }.Order(), (await ChallengeIdsAsync(host)).Order());
    }

    [DatabaseTheory]
    public async Task VerifyAsync_RightTestCode_ReturnsTrueAndSpends(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        Assert.True(await captcha.VerifyAsync(image.ChallengeId, TestCode));

        Assert.Equal(host.Time.GetUtcNow(), await SpentAtAsync(host, image.ChallengeId));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_RightDrawnCodeWithoutTestCode_ReturnsTrue(DatabaseProvider provider)
    {
        var renderer = new RecordingCaptchaRenderer();
        await using var host = await StartWithoutTestCodeAsync(provider, renderer);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        Assert.True(await captcha.VerifyAsync(image.ChallengeId, renderer.Drawn.Single()));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_CodeOfAnotherChallenge_ReturnsFalse(DatabaseProvider provider)
    {
        var renderer = new RecordingCaptchaRenderer();
        await using var host = await StartWithoutTestCodeAsync(provider, renderer);
        var captcha = host.Get<CaptchaService>();
        var images = new[] { await captcha.IssueAsync(), await captcha.IssueAsync(), await captcha.IssueAsync() };
        // Three draws cannot all match but once in 10^10; take a pair with different codes.
        var other = Enumerable.Range(1, 2).First(i => renderer.Drawn[i] != renderer.Drawn[0]);
        var (first, second, firstCode) = (images[0], images[other], renderer.Drawn[0]);

        Assert.False(await captcha.VerifyAsync(second.ChallengeId, firstCode));
        Assert.NotNull(await SpentAtAsync(host, second.ChallengeId));
        Assert.Null(await SpentAtAsync(host, first.ChallengeId));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_WrongCode_ReturnsFalseAndSpends(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        Assert.False(await captcha.VerifyAsync(image.ChallengeId, "54321"));

        Assert.NotNull(await SpentAtAsync(host, image.ChallengeId));
        Assert.False(await captcha.VerifyAsync(image.ChallengeId, TestCode));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_SecondUseOfRightCode_ReturnsFalse(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();
        Assert.True(await captcha.VerifyAsync(image.ChallengeId, TestCode));
        var firstSpend = await SpentAtAsync(host, image.ChallengeId);
        host.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(await captcha.VerifyAsync(image.ChallengeId, TestCode));

        Assert.Equal(firstSpend, await SpentAtAsync(host, image.ChallengeId));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_JustBeforeExpiry_ReturnsTrue(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();
        host.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        Assert.True(await captcha.VerifyAsync(image.ChallengeId, TestCode));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_AfterFiveMinutes_ReturnsFalseAndSpends(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();
        host.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.False(await captcha.VerifyAsync(image.ChallengeId, TestCode));

        Assert.NotNull(await SpentAtAsync(host, image.ChallengeId));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_ConfiguredLifetime_IsHonoured(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Captcha:Lifetime"] = "00:01:00" });
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();
        host.Time.Advance(TimeSpan.FromSeconds(61));

        Assert.False(await captcha.VerifyAsync(image.ChallengeId, TestCode));
    }

    [DatabaseTheory]
    [DatabaseData("1 2 3 4 5")]
    [DatabaseData(" 12345 ")]
    [DatabaseData("123 45")]
    [DatabaseData("1\t2345\n")]
    [DatabaseData("1\u00A02 3 4 5")]
    public async Task VerifyAsync_WhitespaceInAnswer_IsIgnored(DatabaseProvider provider, string answer)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        Assert.True(await captcha.VerifyAsync(image.ChallengeId, answer));
    }

    [DatabaseTheory]
    [DatabaseData(null)]
    [DatabaseData("")]
    [DatabaseData("     ")]
    [DatabaseData("abcde")]
    [DatabaseData("1234")]
    [DatabaseData("123456")]
    [DatabaseData("12345a")]
    [DatabaseData("12-345")]
    [DatabaseData("１２３４５")] // full-width digits
    [DatabaseData("' OR 1=1 --")]
    public async Task VerifyAsync_MalformedAnswer_ReturnsFalseAndSpends(DatabaseProvider provider, string? answer)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        Assert.False(await captcha.VerifyAsync(image.ChallengeId, answer));

        Assert.NotNull(await SpentAtAsync(host, image.ChallengeId));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_VeryLongAnswer_ReturnsFalse(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        Assert.False(await captcha.VerifyAsync(image.ChallengeId, TestCode + new string(' ', 100_000)));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_UnknownId_ReturnsFalseAndChangesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        Assert.False(await captcha.VerifyAsync(Guid.NewGuid(), TestCode));
        Assert.False(await captcha.VerifyAsync(Guid.Empty, TestCode));

        Assert.Null(await SpentAtAsync(host, image.ChallengeId));
        Assert.True(await captcha.VerifyAsync(image.ChallengeId, TestCode));
    }

    [DatabaseTheory]
    public async Task VerifyAsync_ConcurrentRightAnswers_OnlyOneSucceeds(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => captcha.VerifyAsync(image.ChallengeId, TestCode))));

        Assert.Single(results, r => r);
    }

    private static Task<CoreTestHost> StartWithoutTestCodeAsync(DatabaseProvider provider, RecordingCaptchaRenderer renderer) =>
        CoreTestHost.StartAsync(
            provider,
            new Dictionary<string, string?> { ["Captcha:TestCode"] = null },
            s => s.AddSingleton<CaptchaRenderer>(renderer));

    private static async Task<DateTimeOffset?> SpentAtAsync(CoreTestHost host, Guid id)
    {
        await using var db = host.NewDbContext();
        return await db.CaptchaChallenges.Where(c => c.Id == id).Select(c => c.SpentAt).SingleAsync();
    }

    private static bool ContainsSequence(byte[] haystack, byte[] needle) =>
        haystack.AsSpan().IndexOf(needle) >= 0;

    private static async Task<List<Guid>> ChallengeIdsAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        return await db.CaptchaChallenges.Select(c => c.Id).ToListAsync();
    }
}
