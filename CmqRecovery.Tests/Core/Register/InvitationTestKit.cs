using CmqRecovery.Core;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Register;

internal static class InvitationTestKit
{
    public const string NewPassword = "Ornithorynque-Violet-Soupir-42";

    public static async Task<InviteReport> InviteAsync(CoreTestHost host, bool newOnly = false)
    {
        var result = await host.Get<InviteMembers>().ExecuteAsync(newOnly);
        Assert.Equal(Outcome.Passed, result.Outcome);
        return result.Value!;
    }

    /// <summary>An invitation whose token the test knows, as InviteMembers makes it.</summary>
    public static async Task<(Invitation Invitation, string Token)> AddInvitationAsync(CoreTestHost host, Guid memberId)
    {
        var (invitation, token) = Invitation.New(memberId, host.Time.GetUtcNow(), TimeSpan.FromDays(7));
        await using var db = host.NewDbContext();
        db.Add(invitation);
        await db.SaveChangesAsync();
        return (invitation, token);
    }

    public static async Task<Member> ImportOneAsync(CoreTestHost host, string line = "R54321;Dr Hugo Lavoie;hugo.lavoie@example.org")
    {
        await RegisterTestKit.ImportAsync(host, RegisterTestKit.Content(line));
        await using var db = host.NewDbContext();
        return await db.Members.OrderByDescending(m => m.Ordinal).FirstAsync();
    }

    /// <summary>The activation's questions step, as the member would fill it: three catalogue questions.</summary>
    public static async Task SetQuestionsAsync(CoreTestHost host, Guid memberId)
    {
        await using var db = host.NewDbContext();
        foreach (var id in DemoMembers.Answers.Keys)
        {
            db.MemberQuestions.Add(new MemberQuestion { MemberId = memberId, QuestionId = id });
        }

        await db.SaveChangesAsync();
    }
}
