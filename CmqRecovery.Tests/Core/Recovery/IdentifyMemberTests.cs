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

        Assert.True(result.Succeeded);
        Assert.Equal(member.Id, result.Subject!.MemberId);
        Assert.NotEqual(result.Subject.First.QuestionId, result.Subject.Second.QuestionId);
        Assert.Subset(new HashSet<int> { 1, 2, 3 }, new HashSet<int> { result.Subject.First.QuestionId, result.Subject.Second.QuestionId });
    }

    [DatabaseTheory]
    [DatabaseData(null, null, IdentifyError.NothingGiven)]
    [DatabaseData("  ", "", IdentifyError.NothingGiven)]
    [DatabaseData("marie.tremblay@example.org", "54321", IdentifyError.BothGiven)]
    [DatabaseData("marie.tremblay", null, IdentifyError.MalformedEmail)]
    [DatabaseData(null, "R1234", IdentifyError.MalformedUserCode)]
    public async Task Execute_BadInput_ReturnsFormatErrorWithoutSpendingTheCaptcha(DatabaseProvider provider, string? email, string? code, IdentifyError expected)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = await host.Get<CaptchaService>().IssueAsync();

        var result = await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(email, code, captcha.ChallengeId, TestHostSettings.CaptchaCode), RecoverySteps.Client);

        Assert.Equal(expected, result.Error);
        Assert.Null(result.Subject);
        Assert.True(await host.Get<CaptchaService>().VerifyAsync(captcha.ChallengeId, TestHostSettings.CaptchaCode));
    }

    [DatabaseTheory]
    public async Task Execute_WrongCaptcha_FailsAuditsAndDrawsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync();

        var result = await host.IdentifyAsync(userCode: "54321", captchaAnswer: "00000");

        Assert.Equal(IdentifyError.CaptchaFailed, result.Error);
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
            Assert.Equal((first.Subject!.First.QuestionId, first.Subject.Second.QuestionId), (again.Subject!.First.QuestionId, again.Subject.Second.QuestionId));
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

        Assert.True(first.Succeeded);
        Assert.Null(first.Subject!.MemberId);
        Assert.NotEqual(first.Subject.First.QuestionId, first.Subject.Second.QuestionId);
        Assert.Equal((first.Subject.First, first.Subject.Second), (second.Subject!.First, second.Subject.Second));
        Assert.True(other.Succeeded);
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
            var subject = (await host.IdentifyAsync(userCode: $"{60000 + i}")).Subject!;
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

        Assert.Equal(member.Error, decoy.Error);
        Assert.Equal(member.Subject!.GetType(), decoy.Subject!.GetType());
        // Every public property of the subject is a question prompt from the same catalogue.
        var publicProperties = typeof(RecoverySubject).GetProperties().Select(p => p.Name).Order();
        Assert.Equal(["First", "Second"], publicProperties);
    }
}
