using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Account;

/// <summary>New questions and answers for the demo member, and what the tests read back.</summary>
internal static class AccountTestKit
{
    public static readonly IReadOnlyDictionary<int, string> NewAnswers = new Dictionary<int, string>
    {
        [4] = "Pacha le chat",
        [5] = "Sherbrooke",
        [6] = "Bouchard",
        [7] = "Civic deux mille",
        [8] = "rue des Érables",
    };

    public static IReadOnlyList<QuestionAnswer> Typed(int count = 5) =>
        NewAnswers.Take(count).Select(a => new QuestionAnswer(a.Key, a.Value, a.Value)).ToList();

    public static async Task<AccountSession> SignedInAsync(this CoreTestHost host, Member member)
    {
        var session = await host.Get<MemberSessions>().StartAsync(member.Id);
        return new AccountSession(member.Id, session.Id);
    }

    /// <summary>The member's questions, pair hashes and queued mail: what a refused change must leave as it was.</summary>
    public static async Task<string> StoredAsync(this CoreTestHost host, Guid memberId)
    {
        await using var db = host.NewDbContext();
        var questions = await db.MemberQuestions.Where(q => q.MemberId == memberId).Select(q => q.QuestionId).OrderBy(q => q).ToListAsync();
        var pairs = await db.AnswerPairHashes.Where(p => p.MemberId == memberId).OrderBy(p => p.FirstQuestionId).ThenBy(p => p.SecondQuestionId)
            .Select(p => p.FirstQuestionId + "-" + p.SecondQuestionId + ":" + p.Hash).ToListAsync();
        var mails = string.Join(',', await db.OutboxMessages.OrderBy(m => m.Kind).Select(m => m.Kind).ToListAsync());
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId);
        return $"{string.Join(',', questions)} | {string.Join(',', pairs)} | mails {mails} | {member.PasswordHash} {member.SecurityStamp}";
    }

    /// <summary>What the sign-in form's fifth failure leaves too: the once-a-day « captcha » notice, queued off the request path.</summary>
    public static async Task<string> WithCaptchaNoticeAsync(this CoreTestHost host, string stored)
    {
        await host.Get<NotifyMember>().WhenIdleAsync();
        return stored.Replace("| mails  |", $"| mails {MailKinds.Notice(MemberNotice.SignInCaptcha)} |", StringComparison.Ordinal);
    }
}
