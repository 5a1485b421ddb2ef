using CmqRecovery.Core;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Register;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static CmqRecovery.Tests.Core.Register.InvitationTestKit;

namespace CmqRecovery.Tests.Core.Register;

public sealed class InvitationTests
{
    private static Task<UseCaseResult<InvitationOpening>> OpenAsync(CoreTestHost host, string id, string token) =>
        host.Get<OpenInvitation>().ExecuteAsync(id, token, RecoverySteps.Client);

    [DatabaseTheory]
    public async Task Invite_MembersWithoutPassword_OneMailEachWithAWorkingLinkAndRerunSendsNothing(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        await host.AddDemoMemberAsync(); // has a password: never invited
        var hugo = await ImportOneAsync(host);

        var first = await InviteAsync(host);
        var second = await InviteAsync(host);

        Assert.Equal((1, 0), (first.Queued, first.Waiting));
        Assert.Equal((0, 0), (second.Queued, second.Waiting));
        Assert.Equal(1, await host.Get<DeliverOutbox>().DeliverDueAsync());
        var mail = await smtp.WaitForMailToAsync(hugo.Email, host.Get<RecoveryMails>().InvitationSubject);
        Assert.Contains("7 jours", mail.Text);
        var link = ActivationLinkIn(mail.Text!);
        var opened = await OpenAsync(host, link.Id, link.Token);
        Assert.Equal(InvitationState.Valid, opened.Value!.State);
        Assert.Equal(hugo.Id, opened.Value.Grant!.MemberId);
    }

    [DatabaseTheory]
    public async Task Invite_HourlyLimit_RestWaitsForTheNextHour(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Register:InvitationsPerHour"] = "2" });
        await RegisterTestKit.ImportAsync(host, RegisterTestKit.Content(
            "R54321;Dr Hugo Lavoie;hugo@example.org", "R54322;Dre Léa Roy;lea@example.org", "R54323;Dr Noé Roy;noe@example.org"));

        var first = await InviteAsync(host);
        var again = await InviteAsync(host);
        host.Time.Advance(TimeSpan.FromMinutes(61));
        var nextHour = await InviteAsync(host);

        Assert.Equal((2, 1), (first.Queued, first.Waiting));
        Assert.Equal((0, 1), (again.Queued, again.Waiting));
        Assert.Equal((1, 0), (nextHour.Queued, nextHour.Waiting));
        await using var db = host.NewDbContext();
        Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.Kind == MailKinds.Invitation));
    }

    [DatabaseTheory]
    public async Task Invite_AfterExpiry_NewInvitationSupersedesTheOldOneUnlessNewOnly(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var hugo = await ImportOneAsync(host);
        var (old, oldToken) = await AddInvitationAsync(host, hugo.Id);
        host.Time.Advance(TimeSpan.FromDays(7));

        Assert.Equal(InvitationState.Expired, (await OpenAsync(host, old.Id, oldToken)).Value!.State);
        Assert.Equal(0, (await InviteAsync(host, newOnly: true)).Queued);
        Assert.Equal(1, (await InviteAsync(host)).Queued);
        Assert.Equal(InvitationState.Superseded, (await OpenAsync(host, old.Id, oldToken)).Value!.State);
    }

    [DatabaseTheory]
    public async Task Open_WrongTokenOrUnknownId_Invalid(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var hugo = await ImportOneAsync(host);
        var (invitation, token) = await AddInvitationAsync(host, hugo.Id);
        var otherToken = CmqRecovery.Core.Recovery.RecoveryTokens.NewToken();

        Assert.Equal(InvitationState.Invalid, (await OpenAsync(host, invitation.Id, otherToken)).Value!.State);
        Assert.Equal(InvitationState.Invalid, (await OpenAsync(host, CmqRecovery.Core.Recovery.RecoveryTokens.NewId(), token)).Value!.State);
        Assert.Equal(InvitationState.Valid, (await OpenAsync(host, invitation.Id, token)).Value!.State);
    }

    [DatabaseTheory]
    public async Task Activate_Once_PasswordSetThenTheLinkSaysUsedAndNoSignInHappened(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var hugo = await ImportOneAsync(host);
        var (invitation, token) = await AddInvitationAsync(host, hugo.Id);
        var grant = (await OpenAsync(host, invitation.Id, token)).Value!.Grant!;
        await SetQuestionsAsync(host, hugo.Id);

        var activated = await host.Get<ActivateMember>().ExecuteAsync(grant, NewPassword, NewPassword, RecoverySteps.Client);
        var again = await host.Get<ActivateMember>().ExecuteAsync(grant, "Autre-Phrase-Secrete-2026x", "Autre-Phrase-Secrete-2026x", RecoverySteps.Client);

        Assert.Equal(Outcome.Passed, activated.Outcome);
        Assert.Equal(hugo.Email, activated.Value!.Email);
        Assert.Equal(InvitationState.AlreadyActive, again.Value!.State);
        Assert.Equal(InvitationState.AlreadyActive, (await OpenAsync(host, invitation.Id, token)).Value!.State);
        await using var db = host.NewDbContext();
        Assert.Empty(await db.SignInSessions.ToListAsync());
        Assert.NotNull((await db.Set<Invitation>().SingleAsync()).ConsumedAt);
        var signIn = await host.Get<SignInMember>().ExecuteAsync(hugo.Email, NewPassword, RecoverySteps.Client);
        Assert.Equal(Outcome.Passed, signIn.Outcome);
    }

    [DatabaseTheory]
    public async Task Activate_WeakPassword_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var hugo = await ImportOneAsync(host);
        var (invitation, token) = await AddInvitationAsync(host, hugo.Id);
        var grant = (await OpenAsync(host, invitation.Id, token)).Value!.Grant!;
        await SetQuestionsAsync(host, hugo.Id);

        var refused = await host.Get<ActivateMember>().ExecuteAsync(grant, "motdepasse", "motdepasse", RecoverySteps.Client);

        Assert.Equal(Outcome.PasswordRefused, refused.Outcome);
        await using var db = host.NewDbContext();
        Assert.Null((await db.Members.SingleAsync()).PasswordHash);
        Assert.Null((await db.Set<Invitation>().SingleAsync()).ConsumedAt);
    }

    [DatabaseTheory]
    public async Task Open_MemberWhoHasAPassword_AlreadyActiveNeverValid(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var marie = await host.AddDemoMemberAsync();
        var (invitation, token) = await AddInvitationAsync(host, marie.Id);

        var opened = await OpenAsync(host, invitation.Id, token);

        Assert.Equal(Outcome.LinkNoLongerValid, opened.Outcome);
        Assert.Equal(InvitationState.AlreadyActive, opened.Value!.State);
        Assert.Null(opened.Value.Grant);
    }

    [DatabaseTheory]
    public async Task Activate_ExpiredWhileOpen_RefusedAsExpired(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var hugo = await ImportOneAsync(host);
        var (invitation, token) = await AddInvitationAsync(host, hugo.Id);
        var grant = (await OpenAsync(host, invitation.Id, token)).Value!.Grant!;
        await SetQuestionsAsync(host, hugo.Id);
        host.Time.Advance(TimeSpan.FromDays(7));

        var result = await host.Get<ActivateMember>().ExecuteAsync(grant, NewPassword, NewPassword, RecoverySteps.Client);

        Assert.Equal(InvitationState.Expired, result.Value!.State);
        await using var db = host.NewDbContext();
        Assert.Null((await db.Members.SingleAsync()).PasswordHash);
    }

    [DatabaseTheory]
    public async Task SignIn_ImportedMemberWithoutPassword_RefusedLikeAnUnknownEmail(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var hugo = await ImportOneAsync(host);

        var member = await host.Get<SignInMember>().ExecuteAsync(hugo.Email, "", RecoverySteps.Client);
        var unknown = await host.Get<SignInMember>().ExecuteAsync("personne@example.org", "", RecoverySteps.Client);

        Assert.Equal(Outcome.InvalidCredentials, member.Outcome);
        Assert.Equal((unknown.Outcome, unknown.Value), (member.Outcome, member.Value));
    }

    [DatabaseTheory]
    public async Task SetQuestions_GrantKeptAfterActivation_RefusedAndQuestionsKept(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var hugo = await ImportOneAsync(host);
        var (invitation, token) = await AddInvitationAsync(host, hugo.Id);
        var grant = (await OpenAsync(host, invitation.Id, token)).Value!.Grant!;
        QuestionAnswer[] answers = [.. CmqRecovery.Core.Members.DemoMembers.Answers.Select(a => new QuestionAnswer(a.Key, a.Value, a.Value))];
        Assert.Equal(Outcome.Passed, (await host.Get<SetActivationQuestions>().ExecuteAsync(grant, answers, RecoverySteps.Client)).Outcome);
        Assert.Equal(Outcome.Passed, (await host.Get<ActivateMember>().ExecuteAsync(grant, NewPassword, NewPassword, RecoverySteps.Client)).Outcome);
        await using var before = host.NewDbContext();
        var hashes = await before.AnswerPairHashes.Select(p => p.Hash).ToListAsync();

        // A second tab still holds the grant: with the password set, it may no longer replace the questions.
        QuestionAnswer[] others = [new(4, "Rimouski", "Rimouski"), new(5, "Labrador", "Labrador"), new(6, "Pomme", "Pomme")];
        var replaced = await host.Get<SetActivationQuestions>().ExecuteAsync(grant, others, RecoverySteps.Client);

        Assert.Equal(Outcome.LinkNoLongerValid, replaced.Outcome);
        await using var after = host.NewDbContext();
        Assert.Equal(hashes, await after.AnswerPairHashes.Select(p => p.Hash).ToListAsync());
    }

    private static (string Id, string Token) ActivationLinkIn(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, "/activation/([0-9a-f]{32})/([A-Za-z0-9_-]{43})");
        Assert.True(match.Success, text);
        return (match.Groups[1].Value, match.Groups[2].Value);
    }
}
