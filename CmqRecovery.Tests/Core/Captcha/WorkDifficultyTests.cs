using System.Globalization;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Captcha;

/// <summary>The proof of work grows per client past a free allowance, capped, counted in the shared database.</summary>
public sealed class WorkDifficultyTests
{
    private const int Base = 1000;
    private static readonly ClientContext Script = new("198.51.100.40");
    private static readonly ClientContext Member = new("198.51.100.41");

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Captcha:WorkMaxNumber"] = Base.ToString(CultureInfo.InvariantCulture),
        ["Captcha:WorkFreeChallenges"] = "2",
        ["Captcha:WorkMaxDoublings"] = "3",
        ["Captcha:WorkWindow"] = "01:00:00",
    };

    private static async Task<int> NextMaxAsync(CoreTestHost host, ClientContext client) =>
        (await host.Get<IssueCaptcha>().WorkAsync(client)).Value!.MaxNumber;

    [DatabaseTheory]
    public async Task WorkAsync_PastTheFreeChallenges_DoublesEachTimeUpToTheCap(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings);

        var sizes = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            sizes.Add(await NextMaxAsync(host, Script));
        }

        Assert.Equal([Base, Base, 2 * Base, 4 * Base, 8 * Base, 8 * Base, 8 * Base], sizes);
        // Another client starts at the base size, and the script's count ends with its window.
        Assert.Equal(Base, await NextMaxAsync(host, Member));
        host.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(Base, await NextMaxAsync(host, Script));
    }

    [DatabaseTheory]
    public async Task WorkAsync_LargerChallenge_HasItsSecretAnywhereInItsRangeAndPasses(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings);
        WorkChallenge work = null!;
        for (var i = 0; i < 6; i++)
        {
            work = (await host.Get<IssueCaptcha>().WorkAsync(Script)).Value!;
        }

        // The browser is told the larger range, and the secret is drawn from all of it: solve as the worker does.
        Assert.Equal(8 * Base, work.MaxNumber);
        var found = Enumerable.Range(0, work.MaxNumber + 1).First(n => WorkProof.Target(work.Salt, n) == work.Target);
        Assert.True(await host.Get<CaptchaService>().VerifyAsync(work.ChallengeId, found.ToString(CultureInfo.InvariantCulture), CaptchaKind.Work));
    }

    [DatabaseTheory]
    public async Task WorkAsync_TwoNodesOnOneDatabase_ShareTheCount(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var nodeA = await CoreTestHost.StartAsync(database, Settings);
        await using var nodeB = await CoreTestHost.StartAsync(database, Settings);

        // Two on A, the third on B: past the allowance wherever it lands.
        await NextMaxAsync(nodeA, Script);
        await NextMaxAsync(nodeA, Script);

        Assert.Equal(2 * Base, await NextMaxAsync(nodeB, Script));
    }
}
