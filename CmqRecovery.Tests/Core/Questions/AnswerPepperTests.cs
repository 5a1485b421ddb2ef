using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Questions;

/// <summary>
/// Answer pairs are HMAC-SHA256'd under Hashing:AnswerPepper (never in the database) before the KDF: the database
/// alone cannot confirm even the right answers. Hashes made before the pepper still verify and are replaced.
/// </summary>
public sealed class AnswerPepperTests
{
    private static async Task<(Member Member, RecoverySubject Subject, string Secret, int Low, int High)> MemberAtQuestionsAsync(CoreTestHost host)
    {
        var member = await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: member.UserCode)).Value!;
        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        var secret = AnswerPairSecret.Combine(subject.First.QuestionId, first, subject.Second.QuestionId, second);
        var (low, high) = AnswerPairSecret.Order(subject.First.QuestionId, subject.Second.QuestionId);
        return (member, subject, secret, low, high);
    }

    private static async Task<string> StoredHashAsync(CoreTestHost host, Guid memberId, int low, int high)
    {
        await using var db = host.NewDbContext();
        return (await db.AnswerPairHashes.AsNoTracking()
            .SingleAsync(p => p.MemberId == memberId && p.FirstQuestionId == low && p.SecondQuestionId == high)).Hash;
    }

    /// <summary>The pair's hash as it was stored before the pepper existed: the KDF over the pair alone.</summary>
    private static async Task<string> StoreUnpepperedAsync(CoreTestHost host, Guid memberId, string secret, int low, int high)
    {
        var unpeppered = host.Get<SecretHasher>().HashCore(secret);
        await using var db = host.NewDbContext();
        await db.AnswerPairHashes.Where(p => p.MemberId == memberId && p.FirstQuestionId == low && p.SecondQuestionId == high)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Hash, unpeppered));
        return unpeppered;
    }

    private static Task<UseCaseResult<VerifiedIdentity>> CheckRightAnswersAsync(CoreTestHost host, RecoverySubject subject)
    {
        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        return host.Get<CheckAnswers>().ForIdentityAsync(subject, first, second, RecoverySteps.Client);
    }

    [DatabaseTheory]
    public async Task StoredHash_DatabaseAloneWithTheRightAnswers_DoesNotVerify(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var (member, _, secret, low, high) = await MemberAtQuestionsAsync(host);
        var stored = await StoredHashAsync(host, member.Id, low, high);
        using var kdfOnly = new SecretHasher(Options.Create(new HashingOptions { Iterations = 1000 }));

        Assert.StartsWith(AnswerPairHasher.PepperedPrefix, stored, StringComparison.Ordinal);
        var kdfHash = stored[AnswerPairHasher.PepperedPrefix.Length..];
        // Whoever holds the rows but not the pepper: the right answers verify nothing.
        Assert.False(kdfOnly.VerifyCore(kdfHash, secret));
        // With the pepper they do (the same check, so the two above are not failing for another reason).
        var peppered = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            Convert.FromBase64String(HashingOptions.PublicDevelopmentPepper), System.Text.Encoding.UTF8.GetBytes(secret)));
        Assert.True(kdfOnly.VerifyCore(kdfHash, peppered));
    }

    [DatabaseTheory]
    public async Task ForIdentity_SameDatabaseUnderAnotherPepper_RefusesTheRightAnswers(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Guid memberId;
        await using (var first = await CoreTestHost.StartAsync(database))
        {
            memberId = (await first.AddDemoMemberAsync()).Id;
        }

        var otherPepper = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var other = await CoreTestHost.StartAsync(database, new Dictionary<string, string?> { ["Hashing:AnswerPepper"] = otherPepper });
        var subject = (await other.IdentifyAsync(userCode: DemoMembers.All[0].UserCode)).Value!;

        var result = await CheckRightAnswersAsync(other, subject);

        Assert.Equal(memberId, subject.MemberId);
        Assert.Equal(Outcome.WrongAnswers, result.Outcome);
        Assert.Null(result.Value);
    }

    [DatabaseTheory]
    public async Task ForIdentity_PairHashedBeforeThePepper_VerifiesAndIsRehashedWithIt(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var (member, subject, secret, low, high) = await MemberAtQuestionsAsync(host);
        await StoreUnpepperedAsync(host, member.Id, secret, low, high);

        Assert.True((await CheckRightAnswersAsync(host, subject)).Passed);

        var stored = await StoredHashAsync(host, member.Id, low, high);
        Assert.StartsWith(AnswerPairHasher.PepperedPrefix, stored, StringComparison.Ordinal);
        Assert.False(host.Get<AnswerPairHasher>().NeedsRehash(stored));
        var again = (await host.IdentifyAsync(userCode: member.UserCode)).Value!;
        Assert.True((await CheckRightAnswersAsync(host, again)).Passed);
    }

    [DatabaseTheory]
    public async Task ForIdentity_PairHashedBeforeThePepperWrongAnswers_FailsAndKeepsTheOldHash(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var (member, subject, secret, low, high) = await MemberAtQuestionsAsync(host);
        var unpeppered = await StoreUnpepperedAsync(host, member.Id, secret, low, high);

        var result = await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client);

        Assert.Equal(Outcome.WrongAnswers, result.Outcome);
        Assert.Equal(unpeppered, await StoredHashAsync(host, member.Id, low, high));
    }
}
