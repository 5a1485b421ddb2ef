using CmqRecovery.Core;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>Drives the real use cases step by step, for tests that need to stand at a later step.</summary>
public static class RecoverySteps
{
    public static readonly ClientContext Client = new("203.0.113.7");

    public static async Task<UseCaseResult<RecoverySubject>> IdentifyAsync(
        this CoreTestHost host, string? email = null, string? userCode = null, string captchaAnswer = TestHostSettings.CaptchaCode)
    {
        var captcha = await host.Get<CaptchaService>().IssueAsync();
        return await host.Get<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(email, userCode, captcha.ChallengeId, captchaAnswer), Client);
    }

    public static (string First, string Second) CorrectAnswers(RecoverySubject subject) =>
        (DemoMembers.Answers[subject.First.QuestionId], DemoMembers.Answers[subject.Second.QuestionId]);

    /// <summary>Step 2 then step 3 with the right answers: what a suspension or its lifting makes of the member's own try.</summary>
    public static async Task<Outcome> RightAnswersAtStep3Async(this CoreTestHost host, string? email = null, string? code = null)
    {
        var identified = await host.IdentifyAsync(email: email, userCode: code);
        if (!identified.Passed)
        {
            return identified.Outcome;
        }

        var (first, second) = CorrectAnswers(identified.Value!);
        return (await host.Get<CheckAnswers>().ForIdentityAsync(identified.Value!, first, second, Client)).Outcome;
    }

    public static async Task<VerifiedIdentity> VerifiedIdentityAsync(this CoreTestHost host, Member member)
    {
        var identified = await host.IdentifyAsync(userCode: member.UserCode);
        var (first, second) = CorrectAnswers(identified.Value!);
        var checkedAnswers = await host.Get<CheckAnswers>().ForIdentityAsync(identified.Value!, first, second, Client);
        return checkedAnswers.Value ?? throw new InvalidOperationException($"Answers were {checkedAnswers.Outcome}.");
    }

    /// <summary>A request row as ConfirmEmail makes it, with the raw token the mail would carry.</summary>
    public static Task<(RecoveryRequest Request, string Token)> AddRequestAsync(this CoreTestHost host, Guid memberId) =>
        AddRequestAsync(host.NewDbContext, host.Time.GetUtcNow(), memberId);

    /// <summary>The same, written through <paramref name="newDbContext"/> at <paramref name="now"/> (a web host's database).</summary>
    public static async Task<(RecoveryRequest Request, string Token)> AddRequestAsync(
        Func<RecoveryDbContext> newDbContext, DateTimeOffset now, Guid memberId)
    {
        var (request, token) = RecoveryTokens.NewRequest(memberId, now, TimeSpan.FromMinutes(30));
        await using var db = newDbContext();
        db.RecoveryRequests.Add(request);
        await db.SaveChangesAsync();
        return (request, token);
    }

    public static async Task<ResetAuthorization> ResetAuthorizationAsync(this CoreTestHost host, string requestId, string token)
    {
        var opened = await host.Get<OpenLink>().ExecuteAsync(requestId, token, Client);
        var link = opened.Value ?? throw new InvalidOperationException($"Link was {opened.Outcome}.");
        var (first, second) = CorrectAnswers(link.Subject);
        var checkedAnswers = await host.Get<CheckAnswers>().ForResetAsync(link, first, second, Client);
        return checkedAnswers.Value ?? throw new InvalidOperationException($"Answers were {checkedAnswers.Outcome}.");
    }
}
