using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Staff;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>A member's recovery status: read from the same counters the use cases count under, one audit row per view, nothing without a reason.</summary>
public sealed class ViewMemberStatusTests
{
    private static readonly StaffActor Agent = new("agent1");

    /// <summary>Suspends the member's recovery by email and raises their sign-in failures to the captcha, as strangers would.</summary>
    internal static async Task HoldBackAsync(CoreTestHost host, Member member, int signInFailures)
    {
        var counters = await MemberCounters.ForAsync(host.Get<ServerKeys>(), member, CancellationToken.None);
        var limiter = host.Get<AttemptLimiter>();
        var recovery = host.Get<IOptions<RecoveryOptions>>().Value;
        for (var i = 0; i < recovery.FailuresBeforeSuspension; i++)
        {
            await limiter.ReserveAsync(counters.Suspensions[SuspensionSubject.Email], recovery.SuspensionPolicy);
        }

        for (var i = 0; i < signInFailures; i++)
        {
            await limiter.ReserveAsync(counters.SignIn, host.Get<IOptions<SignInOptions>>().Value.Policy, proven: true);
        }
    }

    [DatabaseTheory]
    public async Task Execute_SuspendedMember_ShowsEachStateAndAuditsTheView(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await HoldBackAsync(host, member, signInFailures: 5);
        var now = host.Time.GetUtcNow();
        await using (var db = host.NewDbContext())
        {
            host.Get<MailOutbox>().Enqueue(db, MailKinds.ResetLink, member.Email, new MailContent("Sujet", "texte", "<p>html</p>"), member.Id);
            db.RecoveryRequests.Add(new RecoveryRequest { Id = new string('a', 32), MemberId = member.Id, TokenHash = new byte[32], CreatedAt = now, ExpiresAt = now.AddMinutes(30), SupersededAt = now });
            await db.SaveChangesAsync();
        }

        var result = await host.Get<ViewMemberStatus>().ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent);

        Assert.Equal(Outcome.Passed, result.Outcome);
        var status = result.Value!;
        var suspension = Assert.Single(status.Suspensions);
        Assert.Equal((SuspensionSubject.Email, now + TimeSpan.FromHours(24)), (suspension.Subject, suspension.Until));
        Assert.Equal(new SignInState(5, true, null), status.SignIn);
        Assert.Equal(3, status.QuestionCount);
        Assert.Equal(RecoveryRequestOutcome.Superseded, Assert.Single(status.Requests).Outcome);
        var mail = Assert.Single(status.Mails);
        Assert.Equal((MailKinds.ResetLink, MailState.Pending, 0), (mail.Kind, mail.State, mail.Attempts));
        await using var check = host.NewDbContext();
        var row = Assert.Single(await check.AuditEvents.ToListAsync());
        Assert.Equal((AuditKind.StaffStatusViewed, member.Id, "agent1", "MemberCalled"), (row.Kind, row.MemberId, row.StaffId, row.StaffReason));
    }

    [DatabaseTheory]
    public async Task Execute_SignInPastTheLimit_ShowsTheLockAndItsEnd(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["SignIn:LockAfterFailures"] = "8" });
        var member = await host.AddDemoMemberAsync();
        var lockAfter = host.Get<IOptions<SignInOptions>>().Value.LockAfterFailures;
        await HoldBackAsync(host, member, signInFailures: lockAfter);

        var status = (await host.Get<ViewMemberStatus>().ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent)).Value!;

        Assert.Equal(host.Time.GetUtcNow() + host.Get<IOptions<SignInOptions>>().Value.LockDuration, status.SignIn.LockedUntil);
        Assert.Equal(8, lockAfter);
        Assert.False(status.SignIn.CaptchaRequired);
    }

    [DatabaseTheory]
    public async Task Execute_NoReasonOrUnknownMember_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var view = host.Get<ViewMemberStatus>();

        Assert.Equal(Outcome.ReasonRequired, (await view.ExecuteAsync(member.Id, null, Agent)).Outcome);
        Assert.Equal(Outcome.ReasonRequired, (await view.ExecuteAsync(member.Id, (StaffReason)99, Agent)).Outcome);
        Assert.Equal(Outcome.UnknownMember, (await view.ExecuteAsync(Guid.NewGuid(), StaffReason.MemberCalled, Agent)).Outcome);

        await using var db = host.NewDbContext();
        Assert.Empty(await db.AuditEvents.ToListAsync());
    }
}
