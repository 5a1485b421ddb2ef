using CmqRecovery.Core;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Core.Account;

public sealed class ChangePasswordTests
{
    private const string Strong = "Ornithorynque-Violet-Soupir-42";

    [DatabaseTheory]
    public async Task Execute_Success_EndsTheOtherSessionsKeepsThisOneAndMailsTheNotice(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var elsewhere = await host.SignedInAsync(member);

        var result = await host.Get<ChangePassword>().ExecuteAsync(here, DemoMembers.Password, Strong, Strong, RecoverySteps.Client);

        Assert.True(result.Passed);
        var changed = result.Value!.Member!;
        Assert.NotEqual(member.SecurityStamp, changed.SecurityStamp);
        var sessions = host.Get<MemberSessions>();
        Assert.NotNull(await sessions.FindCurrentAsync(member.Id, changed.SecurityStamp, here.SessionId));
        Assert.Null(await sessions.FindCurrentAsync(member.Id, changed.SecurityStamp, elsewhere.SessionId));
        Assert.Null(await sessions.FindCurrentAsync(member.Id, member.SecurityStamp, here.SessionId));
        Assert.False((await host.Get<SignInMember>().ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client)).Passed);
        Assert.True((await host.Get<SignInMember>().ExecuteAsync(member.Email, Strong, RecoverySteps.Client)).Passed);

        Assert.Equal(1, await host.Get<DeliverOutbox>().DeliverDueAsync());
        var notice = await smtp.WaitForMailToAsync(member.Email, host.Get<RecoveryMails>().PasswordChangedSubject);
        Assert.DoesNotContain(Strong, notice.Message.ToString());
        Assert.DoesNotContain(DemoMembers.Password, notice.Message.ToString());
    }

    [DatabaseTheory]
    public async Task Execute_WrongCurrentPassword_CountsTowardTheSignInLimitsAndChangesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var before = await host.StoredAsync(member.Id);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Outcome.InvalidCredentials, (await host.Get<ChangePassword>().ExecuteAsync(here, "pas le bon", Strong, Strong, RecoverySteps.Client)).Outcome);
        }

        Assert.Equal(Outcome.CaptchaRequired, (await host.Get<ChangePassword>().ExecuteAsync(here, DemoMembers.Password, Strong, Strong, RecoverySteps.Client)).Outcome);
        Assert.Equal(Outcome.CaptchaRequired, (await host.Get<SignInMember>().ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client)).Outcome);
        Assert.Equal(await host.WithCaptchaNoticeAsync(before), await host.StoredAsync(member.Id));
        await using var db = host.NewDbContext();
        Assert.Equal(6, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.CurrentPasswordFailed));
        Assert.Equal(1, await db.SignInSessions.CountAsync(s => s.RevokedAt == null));
    }

    [DatabaseTheory]
    public async Task Execute_PolicyRefuses_NothingCountedNorChanged(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var before = await host.StoredAsync(member.Id);

        var result = await host.Get<ChangePassword>().ExecuteAsync(here, "pas le bon", "court", "court", RecoverySteps.Client);

        Assert.Equal(Outcome.PasswordRefused, result.Outcome);
        Assert.Contains(PasswordRefusal.TooShort, result.Value!.Refusals);
        Assert.Equal(before, await host.StoredAsync(member.Id));
        await using var db = host.NewDbContext();
        Assert.Equal(0, await db.AttemptCounters.CountAsync());
    }

    [DatabaseTheory]
    public async Task Execute_Success_EndsTheClientApplicationsTokensThroughTheHook(DatabaseProvider provider)
    {
        var hook = new RecordingTokenRevocation();
        await using var host = await CoreTestHost.StartAsync(provider, configure: s => s.AddSingleton<IMemberTokenRevocation>(hook));
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);

        Assert.True((await host.Get<ChangePassword>().ExecuteAsync(here, DemoMembers.Password, Strong, Strong, RecoverySteps.Client)).Passed);

        Assert.Equal([member.Id], hook.Members);
    }

    private sealed class RecordingTokenRevocation : IMemberTokenRevocation
    {
        public List<Guid> Members { get; } = [];

        public Task RevokeAllAsync(RecoveryDbContext db, Guid memberId, CancellationToken cancellationToken)
        {
            Members.Add(memberId);
            return Task.CompletedTask;
        }
    }
}
