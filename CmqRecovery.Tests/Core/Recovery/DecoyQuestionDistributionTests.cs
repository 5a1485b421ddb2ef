using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CmqRecovery.Tests.Core.Recovery;

/// <summary>Unknown identifiers must be asked questions from the same distribution as members, whatever its skew.</summary>
public class DecoyQuestionDistributionTests(ITestOutputHelper output)
{
    private const int Population = 300;
    private const int Draws = 1000;

    // Members favour some questions heavily: a decoy drawn from the catalogue would stand out.
    private static readonly int[] Popularity = [30, 20, 12, 10, 8, 6, 5, 4, 3, 2];

    [DatabaseTheory]
    public async Task Draw_UnknownAndMemberIdentifiers_ChiSquareCannotTellThemApart(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var members = await SeedPopulationAsync(host, new Random(2026));
        var draw = await DeterministicDrawAsync(host, new Random(7));

        var unknown = new int[QuestionCatalogue.All.Count];
        var known = new int[QuestionCatalogue.All.Count];
        var pick = new Random(11);
        await using var db = host.NewDbContext();
        for (var i = 0; i < Draws; i++)
        {
            var decoy = await draw.DrawAsync(db, null, $"code:U{i:D5}", Fresh(), CancellationToken.None);
            Count(unknown, (decoy!.Value.First, decoy.Value.Second));
            var member = members[pick.Next(members.Count)];
            var real = await draw.DrawAsync(db, member.Id, $"email:{member.NormalizedEmail}", Fresh(), CancellationToken.None);
            Count(known, (real!.Value.First, real.Value.Second));
        }

        var result = ChiSquare.Homogeneity(unknown, known);
        output.WriteLine($"unknown {string.Join(',', unknown)} | members {string.Join(',', known)}");
        output.WriteLine($"chi2 = {result.Statistic:F3}, df = {result.DegreesOfFreedom}, p = {result.PValue:F4}");
        Assert.True(result.PValue >= 0.01, $"told apart: chi2 = {result.Statistic:F2}, df = {result.DegreesOfFreedom}, p = {result.PValue:G3}");

        // The test has power: the former decoy (two catalogue questions, uniformly) is told apart at once.
        var catalogue = new int[QuestionCatalogue.All.Count];
        var uniform = new Random(13);
        for (var i = 0; i < Draws; i++)
        {
            var first = uniform.Next(catalogue.Length);
            catalogue[first]++;
            catalogue[(first + 1 + uniform.Next(catalogue.Length - 1)) % catalogue.Length]++;
        }

        var former = ChiSquare.Homogeneity(catalogue, known);
        output.WriteLine($"former decoy: chi2 = {former.Statistic:F1}, p = {former.PValue:G3}");
        Assert.True(former.PValue < 0.01);
    }

    [Fact]
    public void UpperTail_KnownCriticalValues_MatchTables()
    {
        // χ²(9) at p = 0.01 is 21.666; χ²(1) at p = 0.05 is 3.841; χ²(2) tail is exp(-x/2).
        Assert.Equal(0.01, ChiSquare.UpperTail(21.666, 9), 4);
        Assert.Equal(0.05, ChiSquare.UpperTail(3.841, 1), 4);
        Assert.Equal(Math.Exp(-5), ChiSquare.UpperTail(10, 2), 10);
    }

    private static ChallengeState Fresh() => new() { SubjectKey = "test" };

    private static void Count(int[] counts, (QuestionPrompt First, QuestionPrompt Second) pair)
    {
        counts[pair.First.QuestionId - 1]++;
        counts[pair.Second.QuestionId - 1]++;
    }

    /// <summary>Members with 3 to 5 questions each, chosen by popularity, through the real enrolment.</summary>
    private static async Task<List<Member>> SeedPopulationAsync(CoreTestHost host, Random random)
    {
        var create = host.Get<CreateMember>();
        var members = new List<Member>();
        for (var i = 0; i < Population; i++)
        {
            var chosen = new Dictionary<int, string>();
            var size = 3 + random.Next(3);
            while (chosen.Count < size)
            {
                var roll = random.Next(Popularity.Sum());
                var question = 0;
                while (roll >= Popularity[question])
                {
                    roll -= Popularity[question++];
                }

                chosen.TryAdd(question + 1, "réponse");
            }

            members.Add(await create.ExecuteAsync(new NewMember($"Membre {i}", $"{10000 + i}", $"membre{i}@example.org", DemoMembers.Password, chosen)));
        }

        return members;
    }

    /// <summary>The real draw, with a fixed installation key and a seeded generator: the same figures on every run.</summary>
    private static async Task<QuestionDraw> DeterministicDrawAsync(CoreTestHost host, Random random)
    {
        await using (var db = host.NewDbContext())
        {
            await db.ServerSecrets.Where(s => s.Name == ServerKeys.Identifier)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, Enumerable.Repeat((byte)42, 32).ToArray()));
        }

        var keys = new ServerKeys(host.Get<IDbContextFactory<RecoveryDbContext>>(), host.Get<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>());
        return new QuestionDraw(keys, host.Time) { NextInt = random.Next };
    }
}
