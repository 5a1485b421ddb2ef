using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Recovery;

/// <summary>
/// A member and an unknown identifier cost the same: the same SQL commands, in the same order, at steps 2 and 3
/// (timing figures come from CmqRecovery.Benchmarks, not from unit tests), including the failure that earns a notice.
/// </summary>
public class DecoyCostTests
{
    private static async Task<(CoreTestHost Host, CommandRecorder Recorder)> StartAsync(DatabaseProvider provider)
    {
        var (host, recorder) = await CommandRecorder.StartHostAsync(provider);
        await host.AddDemoMemberAsync();
        return (host, recorder);
    }

    [DatabaseTheory]
    [DatabaseData("marie.tremblay@example.org", "personne@example.org", null, null)]
    [DatabaseData(null, null, "54321", "59999")]
    public async Task Identify_MemberAndUnknown_RunTheSameCommands(DatabaseProvider provider, string? memberEmail, string? unknownEmail, string? memberCode, string? unknownCode)
    {
        var (host, recorder) = await StartAsync(provider);
        await using var _ = host;

        var member = await recorder.RecordAsync(() => host.IdentifyAsync(memberEmail, memberCode));
        var unknown = await recorder.RecordAsync(() => host.IdentifyAsync(unknownEmail, unknownCode));

        Assert.NotNull(member.Result.Value);
        Assert.NotNull(unknown.Result.Value);
        Assert.NotEmpty(member.Commands);
        Assert.Equal(member.Commands, unknown.Commands);

        // Again, with their pairs already drawn (sticky): still the same.
        var memberAgain = await recorder.RecordAsync(() => host.IdentifyAsync(memberEmail, memberCode));
        var unknownAgain = await recorder.RecordAsync(() => host.IdentifyAsync(unknownEmail, unknownCode));
        Assert.Equal(memberAgain.Commands, unknownAgain.Commands);
    }

    /// <summary>
    /// Up to and including the fifth failure, which suspends and earns the member a notice: the notice's claim,
    /// encryption and writes happen off the request path for both, so the request's commands stay the same.
    /// </summary>
    [DatabaseTheory]
    public async Task CheckAnswers_MemberAndUnknownWrongAnswers_RunTheSameCommands(DatabaseProvider provider)
    {
        var (host, recorder) = await StartAsync(provider);
        await using var _ = host;
        var memberSubject = (await host.IdentifyAsync(userCode: "54321")).Value!;
        var unknownSubject = (await host.IdentifyAsync(userCode: "59999")).Value!;
        var check = host.Get<CheckAnswers>();

        for (var i = 0; i < 5; i++)
        {
            var member = await recorder.RecordAsync(() => check.ForIdentityAsync(memberSubject, "faux", "faux", RecoverySteps.Client));
            var unknown = await recorder.RecordAsync(() => check.ForIdentityAsync(unknownSubject, "faux", "faux", RecoverySteps.Client));

            Assert.Equal(member.Result, unknown.Result);
            Assert.NotEmpty(member.Commands);
            Assert.Equal(member.Commands, unknown.Commands);
        }

        // The member's notice was written all the same (after the response), the unknown identifier's nowhere.
        await host.Get<NotifyMember>().WhenIdleAsync();
        await using var db = host.NewDbContext();
        Assert.Equal([MailKinds.Notice(MemberNotice.RecoverySuspended)], await db.OutboxMessages.Select(m => m.Kind).ToListAsync());
    }

    [DatabaseTheory]
    public async Task SignIn_MemberAndUnknownEmailToTheCaptchaThreshold_RunTheSameCommands(DatabaseProvider provider)
    {
        var (host, recorder) = await StartAsync(provider);
        await using var _ = host;
        var signIn = host.Get<SignInMember>();

        // The fifth failure brings the captcha and, for a member, the notice.
        for (var i = 0; i < 5; i++)
        {
            var member = await recorder.RecordAsync(() => signIn.ExecuteAsync("marie.tremblay@example.org", "mauvais", RecoverySteps.Client));
            var unknown = await recorder.RecordAsync(() => signIn.ExecuteAsync("personne@example.org", "mauvais", RecoverySteps.Client));

            Assert.Equal((member.Result.Outcome, member.Result.Value), (unknown.Result.Outcome, unknown.Result.Value));
            Assert.Equal(member.Commands, unknown.Commands);
        }

        await host.Get<NotifyMember>().WhenIdleAsync();
        await using var db = host.NewDbContext();
        Assert.Equal([MailKinds.Notice(MemberNotice.SignInCaptcha)], await db.OutboxMessages.Select(m => m.Kind).ToListAsync());
    }
}
