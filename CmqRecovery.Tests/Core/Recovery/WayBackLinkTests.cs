using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Recovery;

/// <summary>
/// Issue 17, section 3: a stranger who knows a member's email and code suspends both identifiers, reaches the member's
/// daily ceiling and locks sign-in; the notice mails carry a way back (procedure step 7 onwards) that still works, once,
/// for its own lifetime, and that clears all of it. An unknown identifier gets the same answers and no mail.
/// </summary>
public class WayBackLinkTests
{
    private const string NewPassword = "Ornithorynque-Violet-Soupir-42";

    /// <summary>Sign-in locks after 3 failures here (no captcha before it), so the test does not post a hundred.</summary>
    private static Task<CoreTestHost> StartAsync(DatabaseProvider provider) => CoreTestHost.StartAsync(provider, new Dictionary<string, string?>
    {
        ["SignIn:LockAfterFailures"] = "3",
        ["SignIn:CaptchaAfterFailures"] = "50",
    });

    /// <summary>What a stranger does: five wrong pairs for the email, five for the code, and wrong passwords until the lock.</summary>
    private static async Task<List<Outcome>> AttackAsync(CoreTestHost host, string email, string code)
    {
        var outcomes = new List<Outcome>();
        foreach (var subject in new[] { (await host.IdentifyAsync(email: email)).Value!, (await host.IdentifyAsync(userCode: code)).Value! })
        {
            for (var i = 0; i < 5; i++)
            {
                outcomes.Add((await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client)).Outcome);
            }
        }

        for (var i = 0; i < 3; i++)
        {
            outcomes.Add((await host.Get<SignInMember>().ExecuteAsync(email, "mauvais-mot-de-passe", RecoverySteps.Client)).Outcome);
        }

        await host.Get<NotifyMember>().WhenIdleAsync();
        return outcomes;
    }

    /// <summary>The way-back link of the one notice of this kind, read from its protected body as the mailbox would.</summary>
    private static async Task<MailedResetLink> NoticeLinkAsync(CoreTestHost host, MemberNotice notice)
    {
        await using var db = host.NewDbContext();
        var message = await db.OutboxMessages.SingleAsync(m => m.Kind == MailKinds.Notice(notice));
        Assert.True(SmtpTestServer.TryExtractResetLink(host.Get<OutboxProtector>().Unprotect(message.ProtectedTextBody!), out var link));
        return link;
    }

    [DatabaseTheory]
    public async Task NoticeLink_BothIdentifiersSuspendedCeilingReachedAndSignInLocked_SetsAPasswordThatSignsIn(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await AttackAsync(host, member.Email, member.UserCode);

        // Kept out every way: both identifiers suspended (the code's fifth failure also reached the ceiling), sign-in locked.
        Assert.Equal(Outcome.Suspended, await host.RightAnswersAtStep3Async(email: member.Email));
        Assert.Equal(Outcome.Suspended, await host.RightAnswersAtStep3Async(code: member.UserCode));
        Assert.Equal(Outcome.LockedOut, (await host.Get<SignInMember>().ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client)).Outcome);

        // One notice per kind, each with its way back; either leads through procedure step 7 to a new password.
        await using (var db = host.NewDbContext())
        {
            Assert.Equal(
                [MailKinds.Notice(MemberNotice.RecoverySuspended), MailKinds.Notice(MemberNotice.SignInLocked)],
                (await db.OutboxMessages.Select(m => m.Kind).ToListAsync()).Order());
        }

        var link = await NoticeLinkAsync(host, MemberNotice.RecoverySuspended);
        var authorization = await host.ResetAuthorizationAsync(link.RequestId, link.Token);
        Assert.True((await host.Get<SetPassword>().ExecuteAsync(authorization, NewPassword, NewPassword, RecoverySteps.Client)).Passed);

        // Unlocked and unsuspended: sign-in with the new password, and both identifiers' right answers pass again.
        Assert.True((await host.Get<SignInMember>().ExecuteAsync(member.Email, NewPassword, RecoverySteps.Client)).Passed);
        Assert.Equal(Outcome.Passed, await host.RightAnswersAtStep3Async(email: member.Email));
        Assert.Equal(Outcome.Passed, await host.RightAnswersAtStep3Async(code: member.UserCode));
    }

    [DatabaseTheory]
    public async Task NoticeLink_AfterAPasswordWasSet_IsRefusedAndSoIsTheOtherNotice(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await AttackAsync(host, member.Email, member.UserCode);
        var locked = await NoticeLinkAsync(host, MemberNotice.SignInLocked);
        var suspended = await NoticeLinkAsync(host, MemberNotice.RecoverySuspended);

        var authorization = await host.ResetAuthorizationAsync(locked.RequestId, locked.Token);
        Assert.True((await host.Get<SetPassword>().ExecuteAsync(authorization, NewPassword, NewPassword, RecoverySteps.Client)).Passed);

        foreach (var link in new[] { locked, suspended })
        {
            var again = await host.Get<OpenLink>().ExecuteAsync(link.RequestId, link.Token, RecoverySteps.Client);
            Assert.Equal(Outcome.LinkNoLongerValid, again.Outcome);
            Assert.Null(again.Value);
        }
    }

    [DatabaseTheory]
    public async Task NoticeLink_PastItsLifetime_IsRefusedButWorksUntilThen(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await AttackAsync(host, member.Email, member.UserCode);
        var link = await NoticeLinkAsync(host, MemberNotice.RecoverySuspended);

        // Hours after the reset link's 30 minutes, as a member reading the mail the next morning: it still opens.
        host.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        Assert.True((await host.Get<OpenLink>().ExecuteAsync(link.RequestId, link.Token, RecoverySteps.Client)).Passed);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        var expired = await host.Get<OpenLink>().ExecuteAsync(link.RequestId, link.Token, RecoverySteps.Client);
        Assert.Equal(Outcome.LinkNoLongerValid, expired.Outcome);
        Assert.Null(expired.Value);
    }

    [DatabaseTheory]
    public async Task Attack_UnknownIdentifiers_SameOutcomesAndNoMailNorLink(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();

        var unknown = await AttackAsync(host, "personne@example.org", "59999");
        await using (var db = host.NewDbContext())
        {
            Assert.Empty(await db.OutboxMessages.ToListAsync());
            Assert.Empty(await db.RecoveryRequests.ToListAsync());
        }

        var known = await AttackAsync(host, member.Email, member.UserCode);
        Assert.Equal(known, unknown);
        Assert.Equal([.. Enumerable.Repeat(Outcome.WrongAnswers, 4), Outcome.Suspended, .. Enumerable.Repeat(Outcome.WrongAnswers, 4), Outcome.Suspended,
            Outcome.InvalidCredentials, Outcome.InvalidCredentials, Outcome.LockedOut], known);
    }

    [DatabaseTheory]
    public async Task Notice_StrangerAttacksAgainTheSameDay_OneMailAndOneLinkPerKind(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await AttackAsync(host, member.Email, member.UserCode);

        // The suspensions and the lock end; the same day (within the notice interval) the stranger starts over.
        host.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await using (var db = host.NewDbContext())
        {
            // Moved back by hand: the counters have expired, the notice claims have not.
            await db.AttemptCounters.Where(c => c.Key.StartsWith(CounterKeys.NoticeClaimPrefix))
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.WindowStart, host.Time.GetUtcNow() - TimeSpan.FromHours(1)));
        }

        await AttackAsync(host, member.Email, member.UserCode);

        await using (var db = host.NewDbContext())
        {
            Assert.Equal(2, await db.OutboxMessages.CountAsync());
            Assert.Equal(2, await db.RecoveryRequests.CountAsync());
        }

        // A day after the last claim, the next attack earns a new mail with a new way back.
        host.Time.Advance(TimeSpan.FromHours(24));
        await AttackAsync(host, member.Email, member.UserCode);
        await using (var db = host.NewDbContext())
        {
            Assert.Equal(4, await db.OutboxMessages.CountAsync());
            Assert.Equal(4, await db.RecoveryRequests.CountAsync());
        }
    }

    [DatabaseTheory]
    public async Task Notice_MemberHasAResetLinkOpen_LeavesItValidAndALaterOneSupersedesTheNotice(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);

        // A stranger's suspension of the email does not void the member's own link...
        var byEmail = (await host.IdentifyAsync(email: member.Email)).Value!;
        for (var i = 0; i < 5; i++)
        {
            await host.Get<CheckAnswers>().ForIdentityAsync(byEmail, "faux", "faux", RecoverySteps.Client);
        }

        await host.Get<NotifyMember>().WhenIdleAsync();
        Assert.True((await host.Get<OpenLink>().ExecuteAsync(request.Id, token, RecoverySteps.Client)).Passed);
        var notice = await NoticeLinkAsync(host, MemberNotice.RecoverySuspended);

        // ...and a reset link the member asks for afterwards (by the code, not suspended) replaces the notice's.
        var identity = await host.VerifiedIdentityAsync(member);
        Assert.True((await host.Get<ConfirmEmail>().ExecuteAsync(identity, true, RecoverySteps.Client)).Passed);
        Assert.Equal(Outcome.LinkNoLongerValid, (await host.Get<OpenLink>().ExecuteAsync(notice.RequestId, notice.Token, RecoverySteps.Client)).Outcome);
    }
}
