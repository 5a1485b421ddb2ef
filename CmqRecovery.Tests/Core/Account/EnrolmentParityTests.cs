using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Account;

/// <summary>
/// A member who has not chosen 3 questions yet recovers exactly as an unknown identifier: the same SQL commands at
/// identification and at the answers, no member on the subject, and even their own answers fail (as DecoyCostTests
/// shows for a stranger and a member).
/// </summary>
public sealed class EnrolmentParityTests
{
    [DatabaseTheory]
    [DatabaseData(2)]
    public async Task Identify_MemberWithFewerThanThreeQuestions_RunsAsAnUnknownIdentifier(DatabaseProvider provider, int questionsLeft)
    {
        var (host, recorder) = await CommandRecorder.StartHostAsync(provider);
        await using var _ = host;
        await host.AddDemoMemberAsync(0);
        var unenrolled = await host.AddDemoMemberAsync(1);
        await using (var db = host.NewDbContext())
        {
            var keep = await db.MemberQuestions.Where(q => q.MemberId == unenrolled.Id).OrderBy(q => q.QuestionId).Take(questionsLeft).Select(q => q.QuestionId).ToListAsync();
            await db.MemberQuestions.Where(q => q.MemberId == unenrolled.Id && !keep.Contains(q.QuestionId)).ExecuteDeleteAsync();
            await db.AnswerPairHashes.Where(p => p.MemberId == unenrolled.Id && !(keep.Contains(p.FirstQuestionId) && keep.Contains(p.SecondQuestionId))).ExecuteDeleteAsync();
        }

        var member = await recorder.RecordAsync(() => host.IdentifyAsync(userCode: unenrolled.UserCode));
        var unknown = await recorder.RecordAsync(() => host.IdentifyAsync(userCode: "R99999"));

        Assert.Null(member.Result.Value!.MemberId);
        Assert.NotEmpty(member.Commands);
        Assert.Equal(member.Commands, unknown.Commands);

        // Their own answers (the demo's) fail as a stranger's do, through the same commands.
        var (first, second) = RecoverySteps.CorrectAnswers(member.Result.Value);
        var check = host.Get<CheckAnswers>();
        var memberCheck = await recorder.RecordAsync(() => check.ForIdentityAsync(member.Result.Value, first, second, RecoverySteps.Client));
        var unknownCheck = await recorder.RecordAsync(() => check.ForIdentityAsync(unknown.Result.Value!, first, second, RecoverySteps.Client));
        Assert.Equal(Outcome.WrongAnswers, memberCheck.Result.Outcome);
        Assert.Equal(Outcome.WrongAnswers, unknownCheck.Result.Outcome);
        Assert.Equal(memberCheck.Commands, unknownCheck.Commands);
    }
}
