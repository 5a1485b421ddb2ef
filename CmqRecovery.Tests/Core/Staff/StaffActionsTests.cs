using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Staff;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>
/// The console's actions on a member: each with a reason, exactly one audit row with the staff identity, one mail to
/// the member, and nothing written or mailed when refused (no reason, unknown member, nothing to lift, a mail with a link).
/// </summary>
public sealed class StaffActionsTests
{
    private static readonly StaffActor Agent = new("agent1");

    private static async Task<(List<AuditEvent> Staff, List<OutboxMessage> Mails)> WrittenAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        return (await db.AuditEvents.Where(e => e.StaffId != null).ToListAsync(), await db.OutboxMessages.ToListAsync());
    }

    [DatabaseTheory]
    public async Task LiftSuspension_Suspended_LiftsOnceAuditsOnceAndMailsTheMember(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await ViewMemberStatusTests.HoldBackAsync(host, member, signInFailures: 5);
        var lift = host.Get<LiftSuspension>();

        var result = await lift.ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent);
        var again = await lift.ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent);

        Assert.Equal(Outcome.Passed, result.Outcome);
        Assert.Empty(result.Value!.Suspensions);
        Assert.True(result.Value.SignIn.CaptchaRequired); // another counter: untouched
        Assert.Equal(Outcome.NothingToLift, again.Outcome);
        var counters = await MemberCounters.ForAsync(host.Get<ServerKeys>(), member, CancellationToken.None);
        var recovery = host.Get<IOptions<CmqRecovery.Core.Recovery.RecoveryOptions>>().Value;
        Assert.Equal(new AttemptStatus(0, false), await host.Get<AttemptLimiter>().ReadAsync(counters.Suspensions[SuspensionSubject.Email], recovery.SuspensionPolicy));
        var (staff, mails) = await WrittenAsync(host);
        var row = Assert.Single(staff);
        Assert.Equal((AuditKind.StaffSuspensionLifted, member.Id, "agent1", "MemberCalled"), (row.Kind, row.MemberId, row.StaffId, row.StaffReason));
        var mail = Assert.Single(mails);
        Assert.Equal((MailKinds.SuspensionLifted, member.Email, member.Id, host.Get<RecoveryMails>().SuspensionLiftedSubject), (mail.Kind, mail.To, mail.MemberId, mail.Subject));
    }

    [DatabaseTheory]
    public async Task LiftSignInLock_LockedOrCaptcha_LiftsAuditsOnceAndMailsTheMember(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["SignIn:LockAfterFailures"] = "8" });
        var locked = await host.AddDemoMemberAsync(0);
        var captcha = await host.AddDemoMemberAsync(1);
        await ViewMemberStatusTests.HoldBackAsync(host, locked, signInFailures: 8);
        await ViewMemberStatusTests.HoldBackAsync(host, captcha, signInFailures: 5);
        var lift = host.Get<LiftSignInLock>();

        var first = await lift.ExecuteAsync(locked.Id, StaffReason.MemberWrote, new StaffActor("superviseur1"));
        var second = await lift.ExecuteAsync(captcha.Id, StaffReason.MemberCalled, Agent);

        Assert.Equal(new SignInState(0, false, null), first.Value!.SignIn);
        Assert.Equal(new SignInState(0, false, null), second.Value!.SignIn);
        Assert.NotEmpty(first.Value.Suspensions); // another counter: untouched
        Assert.Equal(Outcome.NothingToLift, (await lift.ExecuteAsync(locked.Id, StaffReason.MemberCalled, Agent)).Outcome);
        var (staff, mails) = await WrittenAsync(host);
        Assert.Equal(
            new[] { (AuditKind.StaffSignInLockLifted, locked.Id, "superviseur1", "MemberWrote"), (AuditKind.StaffSignInLockLifted, captcha.Id, "agent1", "MemberCalled") },
            staff.OrderBy(e => e.Id).Select(e => (e.Kind, e.MemberId!.Value, e.StaffId!, e.StaffReason!)));
        Assert.Equal(new[] { (MailKinds.SignInUnlocked, locked.Email), (MailKinds.SignInUnlocked, captcha.Email) }, mails.OrderBy(m => m.CreatedAt).ThenBy(m => m.To == captcha.Email).Select(m => (m.Kind, m.To)));
    }

    [DatabaseTheory]
    public async Task Lift_NoReasonUnknownMemberOrNothingHeld_RefusedAndNothingWrittenOrMailed(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var free = await host.AddDemoMemberAsync(1);
        await ViewMemberStatusTests.HoldBackAsync(host, member, signInFailures: 5);
        var suspension = host.Get<LiftSuspension>();
        var signIn = host.Get<LiftSignInLock>();

        Assert.Equal(Outcome.ReasonRequired, (await suspension.ExecuteAsync(member.Id, null, Agent)).Outcome);
        Assert.Equal(Outcome.ReasonRequired, (await signIn.ExecuteAsync(member.Id, (StaffReason)42, Agent)).Outcome);
        Assert.Equal(Outcome.UnknownMember, (await suspension.ExecuteAsync(Guid.NewGuid(), StaffReason.MemberCalled, Agent)).Outcome);
        Assert.Equal(Outcome.NothingToLift, (await suspension.ExecuteAsync(free.Id, StaffReason.MemberCalled, Agent)).Outcome);
        Assert.Equal(Outcome.NothingToLift, (await signIn.ExecuteAsync(free.Id, StaffReason.MemberCalled, Agent)).Outcome);

        var (staff, mails) = await WrittenAsync(host);
        Assert.Empty(staff);
        Assert.Empty(mails);
        var status = (await host.Get<ViewMemberStatus>().ExecuteAsync(member.Id, StaffReason.FollowUp, Agent)).Value!;
        Assert.NotEmpty(status.Suspensions);
        Assert.True(status.SignIn.CaptchaRequired);
    }

    /// <summary>A mail of the member as the sender leaves it when it gives up: no body any more.</summary>
    internal static async Task<OutboxMessage> AbandonedAsync(CoreTestHost host, Member member, string kind, string? to = null)
    {
        await using var db = host.NewDbContext();
        var message = host.Get<MailOutbox>().Prepare(kind, to ?? member.Email, new MailContent("Sujet", "texte", "<p>html</p>"), member.Id);
        message.Attempts = 3;
        message.NextAttemptAt = DeliverOutbox.Never;
        message.ProtectedTextBody = null;
        message.ProtectedHtmlBody = null;
        message.LastError = "550 5.1.1 [address]: unknown";
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message;
    }

    [DatabaseTheory]
    public async Task ResendMail_AbandonedNotice_WrittenAgainAsANewMailAndAuditedOnce(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var abandoned = await AbandonedAsync(host, member, MailKinds.PasswordChanged);
        host.Time.Advance(TimeSpan.FromHours(2));

        var result = await host.Get<ResendMail>().ExecuteAsync(member.Id, abandoned.Id, StaffReason.MailProblem, Agent);
        var again = await host.Get<ResendMail>().ExecuteAsync(member.Id, abandoned.Id, StaffReason.MailProblem, Agent);

        Assert.Equal(Outcome.Passed, result.Outcome);
        Assert.Equal(Outcome.MailNotResendable, again.Outcome); // resent once: the abandoned row is closed with it
        var (staff, mails) = await WrittenAsync(host);
        var row = Assert.Single(staff);
        Assert.Equal((AuditKind.StaffMailResent, member.Id, "agent1", "MailProblem"), (row.Kind, row.MemberId, row.StaffId, row.StaffReason));
        Assert.Equal(2, mails.Count);
        var old = mails.Single(m => m.Id == abandoned.Id);
        Assert.Equal((DeliverOutbox.Never, 3, (string?)null, host.Time.GetUtcNow()), (old.NextAttemptAt, old.Attempts, old.ProtectedTextBody, old.ClosedAt));
        var fresh = mails.Single(m => m.Id != abandoned.Id);
        Assert.Equal((MailKinds.PasswordChanged, member.Email, 0, host.Time.GetUtcNow()), (fresh.Kind, fresh.To, fresh.Attempts, fresh.NextAttemptAt));
        Assert.NotNull(fresh.ProtectedTextBody);
        Assert.Equal(host.Get<RecoveryMails>().PasswordChangedSubject, fresh.Subject);
        Assert.Contains(result.Value!.Mails, m => m.Id == fresh.Id && m.State == MailState.Pending);
    }

    [DatabaseTheory]
    public async Task ResendMail_LinkSentPendingOtherMemberOrOldAddress_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var other = await host.AddDemoMemberAsync(1);
        var resetLink = await AbandonedAsync(host, member, MailKinds.ResetLink);
        var invitation = await AbandonedAsync(host, member, MailKinds.Invitation);
        var wayBack = await AbandonedAsync(host, member, MailKinds.Notice(MemberNotice.RecoverySuspended));
        var oldAddress = await AbandonedAsync(host, member, MailKinds.PasswordChanged, "ancienne@example.org");
        var othersMail = await AbandonedAsync(host, other, MailKinds.PasswordChanged);
        Guid pending;
        await using (var db = host.NewDbContext())
        {
            host.Get<MailOutbox>().Enqueue(db, MailKinds.PasswordChanged, member.Email, new MailContent("s", "t", "h"), member.Id);
            await db.SaveChangesAsync();
            pending = (await db.OutboxMessages.SingleAsync(m => m.NextAttemptAt != DeliverOutbox.Never)).Id;
        }

        var resend = host.Get<ResendMail>();
        foreach (var id in new[] { resetLink.Id, invitation.Id, wayBack.Id, oldAddress.Id, othersMail.Id, pending, Guid.NewGuid() })
        {
            Assert.Equal(Outcome.MailNotResendable, (await resend.ExecuteAsync(member.Id, id, StaffReason.MailProblem, Agent)).Outcome);
        }

        var valid = await AbandonedAsync(host, member, MailKinds.QuestionsChanged);
        Assert.Equal(Outcome.ReasonRequired, (await resend.ExecuteAsync(member.Id, valid.Id, null, Agent)).Outcome);
        var (staff, mails) = await WrittenAsync(host);
        Assert.Empty(staff);
        Assert.Equal(7, mails.Count);
    }
}
