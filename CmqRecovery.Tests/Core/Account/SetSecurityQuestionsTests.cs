using CmqRecovery.Core;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Account;

public sealed class SetSecurityQuestionsTests
{
    [DatabaseTheory]
    [DatabaseData(3, 3)]
    [DatabaseData(5, 10)]
    public async Task Execute_Questions_CostOneKdfUnitPerPair(DatabaseProvider provider, int questions, int units)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        var member = await host.AddDemoMemberAsync();
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var before = hasher.Hashes;
        var reported = new List<int>();

        var result = await host.Get<SetSecurityQuestions>().ExecuteAsync(
            member.Id, AccountTestKit.Typed(questions), RecoverySteps.Client, new SynchronousProgress(reported.Add));

        Assert.True(result.Passed, string.Join(", ", result.Value?.Problems ?? []));
        Assert.Equal(units, SetSecurityQuestions.KdfUnits(questions));
        Assert.Equal(units, hasher.Hashes - before);
        Assert.Equal(Enumerable.Range(1, units), reported);
        await using var db = host.NewDbContext();
        Assert.Equal(AccountTestKit.NewAnswers.Keys.Take(questions), await db.MemberQuestions.Where(q => q.MemberId == member.Id).OrderBy(q => q.QuestionId).Select(q => q.QuestionId).ToListAsync());
        Assert.Equal(units, await db.AnswerPairHashes.CountAsync(p => p.MemberId == member.Id && p.Hash.StartsWith(AnswerPairHasher.PepperedPrefix)));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.QuestionsChanged && e.MemberId == member.Id));
    }

    [DatabaseTheory]
    public async Task Execute_Replaced_RecoveryTakesTheNewAnswersAndRefusesTheOld(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        Assert.True((await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, AccountTestKit.Typed(3), RecoverySteps.Client)).Passed);

        var subject = (await host.IdentifyAsync(email: member.Email)).Value!;
        Assert.Contains(subject.First.QuestionId, AccountTestKit.NewAnswers.Keys);
        var wrongOld = await host.Get<CheckAnswers>().ForIdentityAsync(subject, "Saint-Jean-Baptiste", "Trois-Rivières", RecoverySteps.Client);
        Assert.Equal(Outcome.WrongAnswers, wrongOld.Outcome);
        var right = await host.Get<CheckAnswers>().ForIdentityAsync(
            subject, AccountTestKit.NewAnswers[subject.First.QuestionId], AccountTestKit.NewAnswers[subject.Second.QuestionId], RecoverySteps.Client);
        Assert.True(right.Passed);
    }

    [DatabaseTheory]
    public async Task Execute_Replaced_ForgetsThePairsDrawnForTheMember(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await host.IdentifyAsync(email: member.Email);
        await host.IdentifyAsync(userCode: member.UserCode);
        await host.IdentifyAsync(userCode: "59999"); // a stranger's subject keeps its pair
        // Old questions 1 to 3 among the new five: without the reset, the old draws would stand.
        IReadOnlyList<QuestionAnswer> superset =
        [
            new(1, "Saint-Jean-Baptiste", "Saint-Jean-Baptiste"), new(2, "Trois-Rivières", "Trois-Rivières"),
            new(3, "Mathieu", "Mathieu"), new(4, "Pacha le chat", "Pacha le chat"), new(5, "Sherbrooke", "Sherbrooke"),
        ];

        Assert.True((await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, superset, RecoverySteps.Client)).Passed);

        await using var db = host.NewDbContext();
        var states = await db.ChallengeStates.AsNoTracking().ToListAsync();
        Assert.Equal(3, states.Count);
        Assert.Equal(2, states.Count(s => s.DrawnFirstQuestionId is null && s.DrawnSecondQuestionId is null));
    }

    [DatabaseTheory]
    [DatabaseData("ab", AnswerRefusal.TooShort)]
    [DatabaseData(" - É . ", AnswerRefusal.TooShort)]
    [DatabaseData("SHERBROOKE", AnswerRefusal.SameAsAnother)]
    [DatabaseData("54321", AnswerRefusal.ContainsUserCode)]
    [DatabaseData("chez marie.tremblay", AnswerRefusal.ContainsEmail)]
    [DatabaseData("Rue Tremblay", AnswerRefusal.ContainsName)]
    [DatabaseData("Marie", AnswerRefusal.ContainsName)]
    public async Task Execute_AnswerBreaksARule_RefusedWithItsReasonAndNothingStored(DatabaseProvider provider, string answer, AnswerRefusal expected)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var before = await host.StoredAsync(member.Id);
        var answers = AccountTestKit.Typed(3).Append(new QuestionAnswer(9, answer, answer)).ToList();

        var result = await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, answers, RecoverySteps.Client);

        Assert.Equal(Outcome.AnswersRefused, result.Outcome);
        Assert.Contains(new AnswerProblem(9, expected), result.Value!.Problems);
        Assert.Equal(before, await host.StoredAsync(member.Id));
        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.QuestionsRefused));
    }

    [DatabaseTheory]
    [DatabaseData(2, AnswerRefusal.WrongQuestionCount)]
    [DatabaseData(6, AnswerRefusal.WrongQuestionCount)]
    public async Task Execute_WrongNumberOfQuestions_RefusedAndNothingStored(DatabaseProvider provider, int count, AnswerRefusal expected)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var before = await host.StoredAsync(member.Id);
        var answers = AccountTestKit.Typed(5).Append(new QuestionAnswer(9, "Hôtel-Dieu", "Hôtel-Dieu")).Take(count).ToList();

        var result = await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, answers, RecoverySteps.Client);

        Assert.Equal(Outcome.AnswersRefused, result.Outcome);
        Assert.Contains(new AnswerProblem(null, expected), result.Value!.Problems);
        Assert.Equal(before, await host.StoredAsync(member.Id));
    }

    [DatabaseTheory]
    public async Task Execute_ConfirmationDiffers_RefusedAsMismatchAndNothingStored(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var before = await host.StoredAsync(member.Id);
        var answers = AccountTestKit.Typed(3).Append(new QuestionAnswer(9, "Hôtel-Dieu", "Hotel Dieux")).ToList();

        var result = await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, answers, RecoverySteps.Client);

        Assert.Equal([new AnswerProblem(9, AnswerRefusal.Mismatch)], result.Value!.Problems);
        Assert.Equal(before, await host.StoredAsync(member.Id));
    }

    [DatabaseTheory]
    public async Task Execute_NormalisedConfirmation_IsTheSameAnswer(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var answers = AccountTestKit.Typed(3).Append(new QuestionAnswer(9, "Hôtel-Dieu", "hotel dieu")).ToList();

        Assert.True((await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, answers, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    public async Task Execute_KdfGateFull_BusyAndNothingStored(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?>
        {
            ["RateLimits:KdfConcurrency"] = "1",
            ["RateLimits:KdfQueue"] = "0",
        });
        var member = await host.AddDemoMemberAsync();
        var before = await host.StoredAsync(member.Id);
        using var held = await host.Get<SecretHasher>().EnterAsync();
        Assert.True(held.Acquired);

        var result = await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, AccountTestKit.Typed(), RecoverySteps.Client);

        Assert.Equal(Outcome.Throttled, result.Outcome);
        Assert.Equal(before, await host.StoredAsync(member.Id));
    }

    [DatabaseTheory]
    public async Task Execute_Passed_NoticeArrivesWithoutQuestionsOrAnswers(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        var member = await host.AddDemoMemberAsync();

        Assert.True((await host.Get<SetSecurityQuestions>().ExecuteAsync(member.Id, AccountTestKit.Typed(), RecoverySteps.Client)).Passed);
        Assert.Equal(1, await host.Get<DeliverOutbox>().DeliverDueAsync());

        var notice = await smtp.WaitForMailToAsync(member.Email, host.Get<RecoveryMails>().QuestionsChangedSubject);
        Assert.Contains("ont été modifiées le", notice.Text);
        Assert.Contains("were changed on", notice.Text);
        var raw = notice.Message.ToString();
        foreach (var (id, answer) in AccountTestKit.NewAnswers)
        {
            Assert.DoesNotContain(answer, raw);
            Assert.DoesNotContain(QuestionCatalogue.All.Single(q => q.Id == id).TextFr, notice.Text);
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants each report in order, before the call returns.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
