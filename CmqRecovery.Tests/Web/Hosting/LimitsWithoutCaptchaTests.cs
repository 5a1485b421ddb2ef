using System.Globalization;
using System.Net;
using CmqRecovery.Core;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// The captcha is friction, never a control a limit relies on (docs/SECURITY.md): with a captcha that every attempt
/// solves (<c>Captcha:TestCode</c>, as a solver that reads every image or clip would), each limit still holds.
/// </summary>
public sealed class LimitsWithoutCaptchaTests
{
    private static readonly ClientContext Attacker = RecoverySteps.Client;

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => (string?)s.Value);

    private static async Task<IdentifyRequest> SolvedAsync(CoreTestHost host, string? email = null, string? userCode = null) =>
        new(email, userCode, (await host.Get<CaptchaService>().IssueAsync()).ChallengeId, TestHostSettings.CaptchaCode);

    [DatabaseTheory]
    public async Task PostSignIn_EveryCaptchaSolved_PerIpLimitStillRefuses(DatabaseProvider provider)
    {
        await using var app = await RunningApp.StartAsync(provider, Settings(("RateLimits:SignIn:PermitLimit", "3"), ("RateLimits:SignIn:Window", "00:05:00")));
        using var client = LoopbackClient.From("127.0.0.1", app.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var challenge = await app.Services.GetRequiredService<CaptchaService>().IssueAsync();
            var form = SignInForm.Fields("personne@example.org", SignInForm.WrongPassword, challenge.ChallengeId.ToString(), TestHostSettings.CaptchaCode);
            statuses.Add((await RecoveryWebFactory.PostFormAsync(client, "/connexion", form)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [DatabaseTheory]
    public async Task SignIn_EveryCaptchaSolved_TheEmailStillLocksAtItsLimit(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings(("SignIn:CaptchaAfterFailures", "2"), ("SignIn:LockAfterFailures", "6")));
        var member = await host.AddDemoMemberAsync();
        var signIn = host.Get<SignInMember>();
        var outcomes = new List<Outcome>();
        for (var i = 0; i < 6; i++)
        {
            var image = await host.Get<CaptchaService>().IssueAsync();
            outcomes.Add((await signIn.ExecuteAsync(member.Email, "mauvais", new SignInCaptcha(image.ChallengeId, TestHostSettings.CaptchaCode), Attacker)).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(Outcome.InvalidCredentials, 5), Outcome.LockedOut], outcomes);
        // Past the threshold the form asks for the captcha; solving it buys no attempt past the lock.
        var solved = await host.Get<CaptchaService>().IssueAsync();
        Assert.Equal(Outcome.LockedOut, (await signIn.ExecuteAsync(member.Email, DemoMembers.Password, new SignInCaptcha(solved.ChallengeId, TestHostSettings.CaptchaCode), Attacker)).Outcome);
    }

    [DatabaseTheory]
    public async Task Identify_EveryCaptchaSolved_PerIpLimitStillRefuses(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings(("RateLimits:Identify:PermitLimit", "3")));
        var outcomes = new List<Outcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await host.Get<IdentifyMember>().ExecuteAsync(await SolvedAsync(host, userCode: $"1000{i}"), Attacker)).Outcome);
        }

        Assert.Equal([Outcome.Passed, Outcome.Passed, Outcome.Passed, Outcome.Throttled], outcomes);
    }

    [DatabaseTheory]
    public async Task CheckAnswers_EveryCaptchaSolved_PerIpLimitStillRefuses(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings(("RateLimits:AnswerCheck:PermitLimit", "3")));
        var outcomes = new List<Outcome>();
        for (var i = 0; i < 4; i++)
        {
            // A fresh identifier each time, each behind a solved captcha: only the per-IP budget can stop it.
            var subject = (await host.Get<IdentifyMember>().ExecuteAsync(await SolvedAsync(host, userCode: $"2000{i}"), Attacker)).Value!;
            outcomes.Add((await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", Attacker)).Outcome);
        }

        Assert.Equal([Outcome.WrongAnswers, Outcome.WrongAnswers, Outcome.WrongAnswers, Outcome.Throttled], outcomes);
    }

    [DatabaseTheory]
    public async Task CheckAnswers_EveryCaptchaSolved_TheIdentifierIsStillSuspendedAtTheFifthFailure(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var outcomes = new List<Outcome>();
        for (var i = 0; i < 5; i++)
        {
            var subject = (await host.Get<IdentifyMember>().ExecuteAsync(await SolvedAsync(host, userCode: member.UserCode), Attacker)).Value!;
            outcomes.Add((await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", Attacker)).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(Outcome.WrongAnswers, 4), Outcome.Suspended], outcomes);
        Assert.Equal(Outcome.Suspended, (await host.Get<IdentifyMember>().ExecuteAsync(await SolvedAsync(host, userCode: member.UserCode), Attacker)).Outcome);
    }

    [DatabaseTheory]
    public async Task CheckAnswers_EveryCaptchaSolved_TheMemberCeilingStillHolds(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings(("Recovery:MemberFailuresPerDay", "6")));
        var member = await host.AddDemoMemberAsync();
        for (var i = 0; i < 6; i++)
        {
            // Alternating the member's two identifiers, so no identifier reaches its own suspension.
            var request = i % 2 == 0 ? await SolvedAsync(host, email: member.Email) : await SolvedAsync(host, userCode: member.UserCode);
            var subject = (await host.Get<IdentifyMember>().ExecuteAsync(request, Attacker)).Value!;
            Assert.Equal(Outcome.WrongAnswers, (await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", Attacker)).Outcome);
        }

        var next = (await host.Get<IdentifyMember>().ExecuteAsync(await SolvedAsync(host, userCode: member.UserCode), Attacker)).Value!;
        var (first, second) = RecoverySteps.CorrectAnswers(next);
        Assert.Equal(Outcome.WrongAnswers, (await host.Get<CheckAnswers>().ForIdentityAsync(next, first, second, Attacker)).Outcome);
    }

    [DatabaseTheory]
    public async Task ConfirmEmail_EveryCaptchaSolved_StillMailsAtMostThePerHourCap(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings(("Recovery:MailsPerMemberPerHour", "2")));
        var member = await host.AddDemoMemberAsync();
        for (var i = 0; i < 3; i++)
        {
            // Each round: a solved captcha, the right answers (an attacker who knows them), a confirmed email.
            var identity = await host.VerifiedIdentityAsync(member);
            Assert.Equal(Outcome.Passed, (await host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: true, Attacker)).Outcome);
        }

        await using var db = host.NewDbContext();
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == MailKinds.ResetLink));
    }

    [DatabaseTheory]
    public async Task OpenLink_EveryCaptchaSolved_PerIpLimitStillRefuses(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings(("RateLimits:LinkOpen:PermitLimit", "2")));
        var member = await host.AddDemoMemberAsync();
        // A link needs no captcha at all: its guesses are bounded by this budget and the token's length alone.
        var (request, token) = await host.AddRequestAsync(member.Id);
        var outcomes = new List<Outcome>();
        for (var i = 0; i < 2; i++)
        {
            outcomes.Add((await host.Get<OpenLink>().ExecuteAsync(request.Id, "devine", Attacker)).Outcome);
        }

        outcomes.Add((await host.Get<OpenLink>().ExecuteAsync(request.Id, token, Attacker)).Outcome);

        Assert.Equal([Outcome.LinkNoLongerValid, Outcome.LinkNoLongerValid, Outcome.Throttled], outcomes);
    }

    [DatabaseTheory]
    public async Task Identify_EveryImageAndProofSolved_TheIdentifiersProofOfWorkStillGrows(DatabaseProvider provider)
    {
        // No per-address growth here: every size below comes from the typed identifier alone.
        await using var host = await CoreTestHost.StartAsync(provider, Settings(
            ("Captcha:WorkMaxNumber", "1000"), ("Captcha:WorkFreeChallenges", "1000"), ("Captcha:WorkFreeFailuresPerIdentifier", "2"),
            ("Captcha:WorkMaxIdentifierDoublings", "2"), ("Captcha:WorkIdentifierWindow", "1.00:00:00")));
        var member = await host.AddDemoMemberAsync();
        var sizes = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            // From a new address each time, every proof solved, and a solved image in between: neither buys a smaller proof.
            var client = new ClientContext($"198.51.100.{i + 1}");
            var work = (await host.Get<IssueCaptcha>().WorkAsync(client, member.Email, null)).Value!;
            var proof = new IdentifyRequest(member.Email, null, work.ChallengeId, Solve(work), CaptchaKind.Work);
            Assert.Equal(Outcome.Passed, (await host.Get<IdentifyMember>().ExecuteAsync(proof, client)).Outcome);
            Assert.Equal(Outcome.Passed, (await host.Get<IdentifyMember>().ExecuteAsync(await SolvedAsync(host, email: member.Email), client)).Outcome);
            sizes.Add(work.MaxNumber);
        }

        Assert.Equal([1000, 1000, 2000, 4000, 4000], sizes);
        // A solved proof of the base size, asked for before the email was typed, no longer counts for it.
        var small = (await host.Get<IssueCaptcha>().WorkAsync(Attacker)).Value!;
        var tooSmall = new IdentifyRequest(member.Email, null, small.ChallengeId, Solve(small), CaptchaKind.Work);
        Assert.Equal(Outcome.HarderWorkRequired, (await host.Get<IdentifyMember>().ExecuteAsync(tooSmall, Attacker)).Outcome);
    }

    [DatabaseTheory]
    public async Task InviteMembers_EveryCaptchaSolvedMeanwhile_StillCreatesAtMostTheHourlyBudget(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, Settings(("Register:InvitationsPerHour", "2")));
        string[] codes = ["R54321", "R54322", "R54323"];
        await RegisterTestKit.ImportAsync(host, RegisterTestKit.Content(
            $"{codes[0]};Dr Hugo Lavoie;hugo@example.org", $"{codes[1]};Dre Léa Roy;lea@example.org", $"{codes[2]};Dr Noé Roy;noe@example.org"));

        var first = (await host.Get<InviteMembers>().ExecuteAsync(newOnly: false)).Value!;
        // A stranger with every captcha solved goes through the recovery for the three: no side door to mail.
        foreach (var code in codes)
        {
            var subject = (await host.Get<IdentifyMember>().ExecuteAsync(await SolvedAsync(host, userCode: code), Attacker)).Value!;
            Assert.Equal(Outcome.WrongAnswers, (await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", Attacker)).Outcome);
        }

        var again = (await host.Get<InviteMembers>().ExecuteAsync(newOnly: false)).Value!;

        Assert.Equal((2, 1), (first.Queued, first.Waiting));
        Assert.Equal((0, 1), (again.Queued, again.Waiting));
        await host.Get<NotifyMember>().WhenIdleAsync();
        await using var db = host.NewDbContext();
        Assert.Equal([MailKinds.Invitation, MailKinds.Invitation], await db.OutboxMessages.Select(m => m.Kind).ToListAsync());
    }

    private static string Solve(WorkChallenge work) =>
        Enumerable.Range(0, work.MaxNumber + 1).First(n => WorkProof.Target(work.Salt, n) == work.Target).ToString(CultureInfo.InvariantCulture);
}
