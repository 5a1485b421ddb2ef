using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Recovery;

/// <summary>
/// A member's email and code must behave, by text and by draws, like two unrelated identifiers: otherwise trying a
/// public permit number and an email tells whether the email belongs to that physician.
/// </summary>
public class UnlinkableIdentifiersTests
{
    /// <summary>
    /// Draws for A then B; fails A five times; then what B shows and how B fails four times. Returns everything an
    /// observer sees: outcomes by text, and whether B kept its own pair.
    /// </summary>
    private static async Task<List<string>> ScriptAsync(CoreTestHost host, Func<Task<UseCaseResult<RecoverySubject>>> a, Func<Task<UseCaseResult<RecoverySubject>>> b)
    {
        var seen = new List<string>();
        var check = host.Get<CheckAnswers>();
        var subjectA = (await a()).Value!;
        var subjectB = (await b()).Value!;
        for (var i = 0; i < 5; i++)
        {
            seen.Add("A:" + (await check.ForIdentityAsync(subjectA, "faux", "faux", RecoverySteps.Client)).Outcome);
        }

        seen.Add("A again:" + (await a()).Outcome);
        var againB = await b();
        seen.Add("B again:" + againB.Outcome);
        seen.Add("B kept its pair:" + ((againB.Value!.First, againB.Value.Second) == (subjectB.First, subjectB.Second)));
        for (var i = 0; i < 4; i++)
        {
            seen.Add("B:" + (await check.ForIdentityAsync(againB.Value, "faux", "faux", RecoverySteps.Client)).Outcome);
        }

        return seen;
    }

    [DatabaseTheory]
    public async Task ForIdentity_EmailAndCodeOfOneMember_BehaveLikeTwoUnrelatedIdentifiers(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();

        var sameMember = await ScriptAsync(host, () => host.IdentifyAsync(email: member.Email), () => host.IdentifyAsync(userCode: member.UserCode));
        var strangers = await ScriptAsync(host, () => host.IdentifyAsync(email: "personne@example.org"), () => host.IdentifyAsync(userCode: "59999"));

        Assert.Equal(strangers, sameMember);
        Assert.Contains("A again:Suspended", sameMember);
        Assert.Contains("B again:Passed", sameMember);
        Assert.Contains("B kept its pair:True", sameMember);

        // And the member's code still recovers: suspending the email took nothing from it.
        var code = (await host.IdentifyAsync(userCode: member.UserCode)).Value!;
        var (first, second) = RecoverySteps.CorrectAnswers(code);
        Assert.True((await host.Get<CheckAnswers>().ForIdentityAsync(code, first, second, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    public async Task ForIdentity_EachIdentifierOfAMember_DrawsItsOwnPair(DatabaseProvider provider)
    {
        // The demo member has three questions, so three possible pairs; with one shared draw the email and the code
        // would always show the same pair. Over twenty fresh installations they must differ at least once.
        var differed = false;
        for (var i = 0; i < 20 && !differed; i++)
        {
            await using var host = await CoreTestHost.StartAsync(provider);
            var member = await host.AddDemoMemberAsync();
            var byEmail = (await host.IdentifyAsync(email: member.Email)).Value!;
            var byCode = (await host.IdentifyAsync(userCode: member.UserCode)).Value!;
            differed = (byEmail.First.QuestionId, byEmail.Second.QuestionId) != (byCode.First.QuestionId, byCode.Second.QuestionId);
        }

        Assert.True(differed, "the email and the code of one member showed the same pair twenty times out of twenty");
    }

    [DatabaseTheory]
    public async Task ForIdentity_PastTheMemberWideCeiling_RefusesWithTheWrongAnswerTextAndMailsTheMember(DatabaseProvider provider)
    {
        var settings = new Dictionary<string, string?> { ["Recovery:MemberFailuresPerDay"] = "6" };
        await using var host = await CoreTestHost.StartAsync(provider, settings);
        var member = await host.AddDemoMemberAsync();
        var check = host.Get<CheckAnswers>();
        var byEmail = (await host.IdentifyAsync(email: member.Email)).Value!;
        var byCode = (await host.IdentifyAsync(userCode: member.UserCode)).Value!;

        var outcomes = new List<Outcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await check.ForIdentityAsync(byEmail, "faux", "faux", RecoverySteps.Client)).Outcome);
        }

        for (var i = 0; i < 2; i++)
        {
            outcomes.Add((await check.ForIdentityAsync(byCode, "faux", "faux", RecoverySteps.Client)).Outcome);
        }

        // Silent: never "suspended" before an identifier's own fifth failure, and the right answers fail like wrong ones.
        Assert.All(outcomes, o => Assert.Equal(Outcome.WrongAnswers, o));
        var (first, second) = RecoverySteps.CorrectAnswers(byCode);
        Assert.Equal(Outcome.WrongAnswers, (await check.ForIdentityAsync(byCode, first, second, RecoverySteps.Client)).Outcome);
        Assert.True((await host.IdentifyAsync(userCode: member.UserCode)).Passed);

        await host.Get<NotifyMember>().WhenIdleAsync();
        await using (var db = host.NewDbContext())
        {
            var mail = Assert.Single(await db.OutboxMessages.ToListAsync());
            Assert.Equal((MailKinds.Notice(MemberNotice.RecoverySuspended), member.Id), (mail.Kind, mail.MemberId));
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.MemberCeilingReached));
            Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.AnswersPassed));
        }

        host.Time.Advance(TimeSpan.FromHours(24));
        var later = (await host.IdentifyAsync(userCode: member.UserCode)).Value!;
        (first, second) = RecoverySteps.CorrectAnswers(later);
        Assert.True((await check.ForIdentityAsync(later, first, second, RecoverySteps.Client)).Passed);
    }
}
