using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Recovery;

public class CheckAnswersTests
{
    private static CheckAnswers Check(CoreTestHost host) => host.Get<CheckAnswers>();

    /// <summary>
    /// An unknown identifier never passes, so its pair is never redrawn; a member's typed identifier keeps its pair after
    /// passing too, or the questions asked next time would tell the two apart. The draw counts up, so any redraw moves.
    /// </summary>
    [DatabaseTheory]
    public async Task ForIdentity_MemberPasses_KeepsTheDrawnPairAsAnUnknownIdentifierDoes(DatabaseProvider provider)
    {
        var next = 0;
        await using var host = await CoreTestHost.StartAsync(provider, configure: services => services.AddSingleton(sp =>
            new QuestionDraw(sp.GetRequiredService<ServerKeys>(), sp.GetRequiredService<TimeProvider>()) { NextInt = n => next++ % n }));
        await host.AddDemoMemberAsync();
        var drawn = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var unknownDrawn = (await host.IdentifyAsync(userCode: "59999")).Value!;

        for (var i = 0; i < 3; i++)
        {
            var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
            Assert.Equal((drawn.First, drawn.Second), (subject.First, subject.Second));
            var (first, second) = RecoverySteps.CorrectAnswers(subject);
            Assert.Equal(Outcome.Passed, (await Check(host).ForIdentityAsync(subject, first, second, RecoverySteps.Client)).Outcome);

            var unknown = (await host.IdentifyAsync(userCode: "59999")).Value!;
            Assert.Equal((unknownDrawn.First, unknownDrawn.Second), (unknown.First, unknown.Second));
            await Check(host).ForIdentityAsync(unknown, first, second, RecoverySteps.Client);
        }

        var after = (await host.IdentifyAsync(userCode: "54321")).Value!;
        Assert.Equal((drawn.First, drawn.Second), (after.First, after.Second));
    }

    [DatabaseTheory]
    public async Task ForIdentity_CorrectAnswers_PassesWithMaskedEmail(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var (first, second) = RecoverySteps.CorrectAnswers(subject);

        var result = await Check(host).ForIdentityAsync(subject, first, second, RecoverySteps.Client);

        Assert.Equal(Outcome.Passed, result.Outcome);
        Assert.Equal("m*****y@example.org", result.Value!.MaskedEmail);
    }

    [DatabaseTheory]
    public async Task ForIdentity_AnswersTypedLoosely_PassAfterNormalisation(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        string Loose(int questionId) => questionId switch
        {
            1 => "SAINT jean  baptiste.",
            2 => "trois rivieres",
            _ => "  MATHIEU ",
        };

        var result = await Check(host).ForIdentityAsync(subject, Loose(subject.First.QuestionId), Loose(subject.Second.QuestionId), RecoverySteps.Client);

        Assert.True(result.Passed);
    }

    [DatabaseTheory]
    public async Task ForIdentity_OneWrongAnswer_FailsWithoutSayingWhichAndCounts(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var (first, _) = RecoverySteps.CorrectAnswers(subject);

        var firstWrong = await Check(host).ForIdentityAsync(subject, "faux", RecoverySteps.CorrectAnswers(subject).Second, RecoverySteps.Client);
        var secondWrong = await Check(host).ForIdentityAsync(subject, first, "faux", RecoverySteps.Client);

        Assert.Equal(firstWrong, secondWrong);
        Assert.Equal(Outcome.WrongAnswers, firstWrong.Outcome);
        Assert.Null(firstWrong.Value);
        await using var db = host.NewDbContext();
        var counters = await db.AttemptCounters.ToListAsync();
        Assert.Equal([2, 2], counters.Select(c => c.Failures)); // the identifier's visible counter and the member's ceiling
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.AnswersFailed && e.MemberId == member.Id));
    }

    [DatabaseTheory]
    public async Task ForIdentity_AfterAFailure_KeepsTheSameQuestions(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;

        await Check(host).ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client);
        var again = (await host.IdentifyAsync(userCode: "54321")).Value!;

        Assert.Equal((subject.First, subject.Second), (again.First, again.Second));
    }

    [DatabaseTheory]
    public async Task ForIdentity_FifthConsecutiveFailure_SuspendsTheIdentifierForADayWithoutTouchingSignIn(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;

        var outcomes = new List<Outcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add((await Check(host).ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client)).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(Outcome.WrongAnswers, 4), Outcome.Suspended], outcomes);

        // Even the right answers are refused now, and identification with this identifier says so too.
        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        Assert.Equal(Outcome.Suspended, (await Check(host).ForIdentityAsync(subject, first, second, RecoverySteps.Client)).Outcome);
        Assert.Equal(Outcome.Suspended, (await host.IdentifyAsync(userCode: "54321")).Outcome);

        // Sign-in is not affected; the member is told by mail, once.
        var signIn = await host.Get<SignInMember>().ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client);
        Assert.True(signIn.Passed);
        await host.Get<NotifyMember>().WhenIdleAsync();
        await using (var db = host.NewDbContext())
        {
            var mail = Assert.Single(await db.OutboxMessages.ToListAsync());
            Assert.Equal((MailKinds.Notice(MemberNotice.RecoverySuspended), member.Email), (mail.Kind, mail.To));
        }

        host.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var later = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var (laterFirst, laterSecond) = RecoverySteps.CorrectAnswers(later);
        Assert.True((await Check(host).ForIdentityAsync(later, laterFirst, laterSecond, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    public async Task ForIdentity_CancelledDuringTheKdfThatReachesTheLimit_SuspendsThenTheRightAnswersPass(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CancellingSecretHasher>());
        await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        ((CancellingSecretHasher)host.Get<SecretHasher>()).CancelAt = 5;
        for (var i = 0; i < 4; i++)
        {
            await Check(host).ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Check(host).ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client));

        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        Assert.Equal(Outcome.Suspended, (await Check(host).ForIdentityAsync(subject, first, second, RecoverySteps.Client)).Outcome);
        host.Time.Advance(TimeSpan.FromHours(24));
        var later = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var (laterFirst, laterSecond) = RecoverySteps.CorrectAnswers(later);
        Assert.True((await Check(host).ForIdentityAsync(later, laterFirst, laterSecond, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    public async Task ForReset_CancelledDuringTheKdfThatReachesTheLimit_SuspendsThenTheRightAnswersPass(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CancellingSecretHasher>());
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);
        var link = (await host.Get<OpenLink>().ExecuteAsync(request.Id, token, RecoverySteps.Client)).Value!;
        ((CancellingSecretHasher)host.Get<SecretHasher>()).CancelAt = 5;
        for (var i = 0; i < 4; i++)
        {
            await Check(host).ForResetAsync(link, "faux", "faux", RecoverySteps.Client);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Check(host).ForResetAsync(link, "faux", "faux", RecoverySteps.Client));

        var (first, second) = RecoverySteps.CorrectAnswers(link.Subject);
        Assert.Equal(Outcome.Suspended, (await Check(host).ForResetAsync(link, first, second, RecoverySteps.Client)).Outcome);
        host.Time.Advance(TimeSpan.FromHours(24));
        var (fresh, freshToken) = await host.AddRequestAsync(member.Id);
        Assert.NotNull(await host.ResetAuthorizationAsync(fresh.Id, freshToken));
    }

    [DatabaseTheory]
    public async Task ForReset_AfterTheIdentifiersAreSuspendedAtStepThree_TheMailedLinkStillWorks(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);
        foreach (var identifier in new[] { "54321", null })
        {
            var subject = (await host.IdentifyAsync(email: identifier is null ? member.Email : null, userCode: identifier)).Value!;
            for (var i = 0; i < 5; i++)
            {
                await Check(host).ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client);
            }
        }

        Assert.Equal(Outcome.Suspended, (await host.IdentifyAsync(email: member.Email)).Outcome);

        var authorization = await host.ResetAuthorizationAsync(request.Id, token);
        Assert.NotNull(authorization);
    }

    [DatabaseTheory]
    public async Task ForIdentity_TenParallelWrongAttempts_CheckNoMoreThanFive(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var before = hasher.Verifications;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => Check(host).ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client))));

        Assert.Equal(5, hasher.Verifications - before);
        Assert.Equal(4, outcomes.Count(o => o.Outcome == Outcome.WrongAnswers));
        Assert.Equal(6, outcomes.Count(o => o.Outcome == Outcome.Suspended));
        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.Suspended));
        Assert.Equal(5, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.AnswersFailed));
    }

    [DatabaseTheory]
    public async Task ForIdentity_SuccessInBetween_ResetsTheCounter(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        for (var i = 0; i < 4; i++)
        {
            var s = (await host.IdentifyAsync(userCode: "54321")).Value!;
            await Check(host).ForIdentityAsync(s, "faux", "faux", RecoverySteps.Client);
        }

        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        Assert.True((await Check(host).ForIdentityAsync(subject, first, second, RecoverySteps.Client)).Passed);

        var next = (await host.IdentifyAsync(userCode: "54321")).Value!;
        Assert.Equal(Outcome.WrongAnswers, (await Check(host).ForIdentityAsync(next, "faux", "faux", RecoverySteps.Client)).Outcome);
    }

    [DatabaseTheory]
    public async Task ForIdentity_UnknownIdentifier_FailsLikeAMemberAndIsSuspendedByIdentifier(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();
        var decoy = (await host.IdentifyAsync(userCode: "R99999")).Value!;

        var outcomes = new List<Outcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add((await Check(host).ForIdentityAsync(decoy, "Mathieu", "Trois-Rivières", RecoverySteps.Client)).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(Outcome.WrongAnswers, 4), Outcome.Suspended], outcomes);
        Assert.Equal(Outcome.Suspended, (await host.IdentifyAsync(userCode: "r99999")).Outcome);

        // Another identifier, and the real member, are not affected.
        Assert.True((await host.IdentifyAsync(userCode: "R99998")).Passed);
        Assert.True((await host.IdentifyAsync(userCode: "54321")).Passed);
    }

    [DatabaseTheory]
    public async Task ForIdentity_MemberAndDecoy_RunTheSameNumberOfKdfs(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<SecretHasher, CountingSecretHasher>());
        await host.AddDemoMemberAsync();
        var hasher = (CountingSecretHasher)host.Get<SecretHasher>();
        var member = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var decoy = (await host.IdentifyAsync(userCode: "12345")).Value!;

        var before = hasher.Verifications;
        var memberResult = await Check(host).ForIdentityAsync(member, "faux", "faux", RecoverySteps.Client);
        var memberKdfs = hasher.Verifications - before;
        before = hasher.Verifications;
        var decoyResult = await Check(host).ForIdentityAsync(decoy, "faux", "faux", RecoverySteps.Client);
        var decoyKdfs = hasher.Verifications - before;

        Assert.Equal(1, memberKdfs);
        Assert.Equal(memberKdfs, decoyKdfs);
        Assert.Equal(memberResult, decoyResult);
    }

    [DatabaseTheory]
    public async Task ForIdentity_PairHashedWithFewerIterations_IsRehashedAtTheCurrentCount(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var (first, second) = RecoverySteps.CorrectAnswers(subject);
        var (low, high) = CmqRecovery.Core.Questions.AnswerPairSecret.Order(subject.First.QuestionId, subject.Second.QuestionId);
        var secret = CmqRecovery.Core.Questions.AnswerPairSecret.Combine(subject.First.QuestionId, first, subject.Second.QuestionId, second);
        var old = new SecretHasher(Microsoft.Extensions.Options.Options.Create(new HashingOptions { Iterations = 500 })).HashCore(secret);
        await using (var db = host.NewDbContext())
        {
            await db.AnswerPairHashes.Where(p => p.MemberId == member.Id && p.FirstQuestionId == low && p.SecondQuestionId == high)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Hash, old));
        }

        Assert.True((await Check(host).ForIdentityAsync(subject, first, second, RecoverySteps.Client)).Passed);

        await using var after = host.NewDbContext();
        var stored = await after.AnswerPairHashes.SingleAsync(p => p.MemberId == member.Id && p.FirstQuestionId == low && p.SecondQuestionId == high);
        Assert.NotEqual(old, stored.Hash);
        Assert.False(host.Get<CmqRecovery.Core.Questions.AnswerPairHasher>().NeedsRehash(stored.Hash));
        var again = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var (againFirst, againSecond) = RecoverySteps.CorrectAnswers(again);
        Assert.True((await Check(host).ForIdentityAsync(again, againFirst, againSecond, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    public async Task ForIdentity_Always_AuditsNoAnswer(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();
        var subject = (await host.IdentifyAsync(userCode: "54321")).Value!;

        await Check(host).ForIdentityAsync(subject, "reponse-secrete-xyz", "autre-secret-xyz", RecoverySteps.Client);

        await using var db = host.NewDbContext();
        var text = string.Join("|", (await db.AuditEvents.ToListAsync()).Select(e => $"{e.Kind}{e.MemberId}{e.ClientIpHash}"));
        Assert.DoesNotContain("xyz", text);
        Assert.DoesNotContain("203.0.113.7", text);
        Assert.All(await db.AuditEvents.ToListAsync(), e => Assert.Equal(64, e.ClientIpHash!.Length));
    }
}
