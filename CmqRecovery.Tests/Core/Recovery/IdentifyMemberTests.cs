using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Recovery;

public class IdentifyMemberTests
{
    [DatabaseTheory]
    [DatabaseData("marie.tremblay@example.org", null)]
    [DatabaseData("MARIE.Tremblay@Example.org", null)]
    [DatabaseData(null, "54321")]
    public async Task Execute_KnownMember_ReturnsTwoOfTheirQuestions(DatabaseProvider provider, string? email, string? code)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();

        var result = await host.IdentifyAsync(email, code);

        Assert.True(result.Passed);
        Assert.Equal(member.Id, result.Value!.MemberId);
        Assert.NotEqual(result.Value.First.QuestionId, result.Value.Second.QuestionId);
        Assert.Subset(new HashSet<int> { 1, 2, 3 }, new HashSet<int> { result.Value.First.QuestionId, result.Value.Second.QuestionId });
    }

    [DatabaseTheory]
    [DatabaseData(null, null, Outcome.NothingGiven)]
    [DatabaseData("  ", "", Outcome.NothingGiven)]
    [DatabaseData("marie.tremblay@example.org", "54321", Outcome.BothGiven)]
    [DatabaseData("marie.tremblay", null, Outcome.MalformedEmail)]
    [DatabaseData(null, "R1234", Outcome.MalformedUserCode)]
    public async Task Execute_BadInput_ReturnsFormatErrorWithoutSpendingTheCaptcha(DatabaseProvider provider, string? email, string? code, Outcome expected)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = await host.Get<CaptchaService>().IssueAsync();

        var result = await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(email, code, captcha.ChallengeId, TestHostSettings.CaptchaCode), RecoverySteps.Client);

        Assert.Equal(expected, result.Outcome);
        Assert.Null(result.Value);
        Assert.True(await host.Get<CaptchaService>().VerifyAsync(captcha.ChallengeId, TestHostSettings.CaptchaCode));
    }

    [DatabaseTheory]
    public async Task Execute_WrongCaptcha_FailsAuditsAndDrawsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var result = await host.IdentifyAsync(userCode: "54321", captchaAnswer: "00000");

        Assert.Equal(Outcome.CaptchaFailed, result.Outcome);
        await using var db = host.NewDbContext();
        Assert.Empty(await db.ChallengeStates.ToListAsync());
        Assert.Equal([AuditKind.CaptchaFailed], await db.AuditEvents.Select(e => e.Kind).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_SameMemberTwice_KeepsTheDrawnQuestions(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var first = await host.IdentifyAsync(userCode: "54321");
        for (var i = 0; i < 10; i++)
        {
            var again = await host.IdentifyAsync(userCode: "54321");
            Assert.Equal((first.Value!.First.QuestionId, first.Value.Second.QuestionId), (again.Value!.First.QuestionId, again.Value.Second.QuestionId));
        }
    }

    [DatabaseTheory]
    public async Task Execute_UnknownIdentifier_ReturnsDecoyWithStableQuestions(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var first = await host.IdentifyAsync(userCode: "99999");
        var second = await host.IdentifyAsync(userCode: "99999");
        var other = await host.IdentifyAsync(email: "personne@example.org");

        Assert.True(first.Passed);
        Assert.Null(first.Value!.MemberId);
        Assert.NotEqual(first.Value.First.QuestionId, first.Value.Second.QuestionId);
        Assert.Equal((first.Value.First, first.Value.Second), (second.Value!.First, second.Value.Second));
        Assert.True(other.Passed);
        await using var db = host.NewDbContext();
        Assert.All(await db.AuditEvents.ToListAsync(), e => Assert.Equal(AuditKind.Identified, e.Kind));
    }

    [DatabaseTheory]
    public async Task Execute_UnknownIdentifiers_AreAskedOnlyQuestionsThatMembersChose(DatabaseProvider provider)
    {
        // Members chose questions 1-3 (the demo) and 4-6; the catalogue has ten. A decoy drawn from the catalogue
        // would show 7-10, which no member is ever asked, within a few identifiers.
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();
        await host.Get<CmqRecovery.Core.Members.CreateMember>().ExecuteAsync(new(
            "Dr Autre", "R54321", "autre@example.org", "Demo-motdepasse-2026",
            new Dictionary<int, string> { [4] = "Rex", [5] = "Québec", [6] = "Lavoie" }));

        var asked = new HashSet<int>();
        for (var i = 0; i < 40; i++)
        {
            var subject = (await host.IdentifyAsync(userCode: $"{60000 + i}")).Value!;
            asked.Add(subject.First.QuestionId);
            asked.Add(subject.Second.QuestionId);
            var sets = new[] { new[] { 1, 2, 3 }, new[] { 4, 5, 6 } };
            Assert.Contains(sets, set => set.Contains(subject.First.QuestionId) && set.Contains(subject.Second.QuestionId));
        }

        Assert.Subset(new HashSet<int> { 1, 2, 3, 4, 5, 6 }, asked);
    }

    [DatabaseTheory]
    public async Task Execute_MemberAndDecoy_LookTheSameFromOutside(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var member = await host.IdentifyAsync(userCode: "54321");
        var decoy = await host.IdentifyAsync(userCode: "12345");

        Assert.Equal(member.Outcome, decoy.Outcome);
        Assert.Equal(member.Value!.GetType(), decoy.Value!.GetType());
        // Every public property of the subject is a question prompt from the same catalogue.
        var publicProperties = typeof(RecoverySubject).GetProperties().Select(p => p.Name).Order();
        Assert.Equal(["First", "Second"], publicProperties);
    }
}
