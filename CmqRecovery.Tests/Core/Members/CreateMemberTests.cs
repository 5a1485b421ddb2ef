using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Members;

public class CreateMemberTests
{
    [DatabaseTheory]
    public async Task Execute_ThreeQuestions_StoresThreePairHashesAndNoAnswerInClear(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);

        var member = await host.AddDemoMemberAsync();

        await using var db = host.NewDbContext();
        var pairs = await db.AnswerPairHashes.Where(p => p.MemberId == member.Id).ToListAsync();
        Assert.Equal([(1, 2), (1, 3), (2, 3)], pairs.Select(p => (p.FirstQuestionId, p.SecondQuestionId)).Order());
        Assert.All(pairs, p => Assert.DoesNotContain("mathieu", p.Hash, StringComparison.OrdinalIgnoreCase));

        // Look at everything stored: no answer, normalised or not, appears anywhere.
        var bytes = await host.Database.ReadEverythingStoredAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        foreach (var answer in new[] { "Mathieu", "mathieu", "Trois-Rivi", "trois rivieres", "Saint-Jean", "saint jean" })
        {
            Assert.DoesNotContain(answer, text, StringComparison.Ordinal);
        }
    }

    [DatabaseTheory]
    public async Task Execute_FiveQuestions_StoresTenPairHashes(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var answers = Enumerable.Range(1, 5).ToDictionary(i => i, i => $"réponse {i}");

        var member = await host.Get<CreateMember>().ExecuteAsync(
            new NewMember("Dre Test", "11111", "test@example.org", "un mot de passe assez long", answers));

        await using var db = host.NewDbContext();
        Assert.Equal(10, await db.AnswerPairHashes.CountAsync(p => p.MemberId == member.Id));
        Assert.Equal(5, await db.MemberQuestions.CountAsync(q => q.MemberId == member.Id));
    }

    [DatabaseTheory]
    public async Task Execute_LowerCaseResidentCode_StoresCanonicalCodeAndKind(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);

        var member = await host.Get<CreateMember>().ExecuteAsync(
            new NewMember("Dr Test", "r54321", "Dr.Test@Example.org", "un mot de passe assez long", DemoMembers.Answers));

        Assert.Equal("R54321", member.UserCode);
        Assert.Equal(MemberKind.Resident, member.Kind);
        Assert.Equal("DR.TEST@EXAMPLE.ORG", member.NormalizedEmail);
    }

    [DatabaseTheory]
    public async Task Execute_EmailDifferingOnlyInCase_IsRefusedByTheUniqueIndex(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => host.Get<CreateMember>().ExecuteAsync(
            new NewMember("Autre", "11111", "MARIE.TREMBLAY@example.org", "un mot de passe assez long", DemoMembers.Answers)));

        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.Members.CountAsync());
    }

    [DatabaseTheory]
    public async Task Execute_DuplicateCode_IsRefusedByTheUniqueIndex(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        await Assert.ThrowsAsync<DbUpdateException>(() => host.Get<CreateMember>().ExecuteAsync(
            new NewMember("Autre", "54321", "autre@example.org", "un mot de passe assez long", DemoMembers.Answers)));
    }
}
