using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static CmqRecovery.Tests.Core.Register.RegisterTestKit;

namespace CmqRecovery.Tests.Core.Register;

/// <summary>
/// A member the register no longer lists (members import --deactivate-missing) is an unknown identifier to sign-in and
/// recovery: the same results, the same SQL commands in the same order (as DecoyCostTests compares a member with an
/// unknown identifier), and nobody mailed. Their right password and right answers open nothing.
/// </summary>
public sealed class DeactivatedMemberParityTests
{
    private static async Task<(CoreTestHost Host, CommandRecorder Recorder, Member Deactivated)> StartAsync(DatabaseProvider provider)
    {
        var (host, recorder) = await CommandRecorder.StartHostAsync(provider);
        await host.AddDemoMemberAsync(0); // stays: the stand-in pool is not empty
        var louis = await host.AddDemoMemberAsync(3);
        await ImportAsync(host, Content("54321;Dre Marie Tremblay;marie.tremblay@example.org"), deactivateMissing: true);
        return (host, recorder, louis);
    }

    [DatabaseTheory]
    [DatabaseData("louis.cote@example.org", "personne@example.org", null, null)]
    [DatabaseData(null, null, "50012345", "50099999")]
    public async Task Identify_DeactivatedAndUnknown_SameResultSameCommands(
        DatabaseProvider provider, string? deactivatedEmail, string? unknownEmail, string? deactivatedCode, string? unknownCode)
    {
        var (host, recorder, _) = await StartAsync(provider);
        await using var _ = host;

        var deactivated = await recorder.RecordAsync(() => host.IdentifyAsync(deactivatedEmail, deactivatedCode));
        var unknown = await recorder.RecordAsync(() => host.IdentifyAsync(unknownEmail, unknownCode));

        Assert.Equal(Outcome.Passed, deactivated.Result.Outcome);
        Assert.Null(deactivated.Result.Value!.MemberId); // the decoy: its answers can never pass
        Assert.Equal(unknown.Result.Outcome, deactivated.Result.Outcome);
        Assert.NotEmpty(deactivated.Commands);
        Assert.Equal(unknown.Commands, deactivated.Commands);
    }

    [DatabaseTheory]
    public async Task CheckAnswers_DeactivatedRightAnswersAndUnknown_SameRefusalSameCommandsNoMail(DatabaseProvider provider)
    {
        var (host, recorder, _) = await StartAsync(provider);
        await using var _ = host;
        var deactivatedSubject = (await host.IdentifyAsync(userCode: "50012345")).Value!;
        var unknownSubject = (await host.IdentifyAsync(userCode: "50099999")).Value!;
        var (first, second) = (DemoMembers.Answers[deactivatedSubject.First.QuestionId], DemoMembers.Answers[deactivatedSubject.Second.QuestionId]);
        var check = host.Get<CheckAnswers>();

        for (var i = 0; i < 5; i++)
        {
            var deactivated = await recorder.RecordAsync(() => check.ForIdentityAsync(deactivatedSubject, first, second, RecoverySteps.Client));
            var unknown = await recorder.RecordAsync(() => check.ForIdentityAsync(unknownSubject, "faux", "faux", RecoverySteps.Client));

            Assert.NotEqual(Outcome.Passed, deactivated.Result.Outcome);
            Assert.Equal(unknown.Result.Outcome, deactivated.Result.Outcome);
            Assert.Equal(unknown.Commands, deactivated.Commands);
        }

        await host.Get<NotifyMember>().WhenIdleAsync();
        await using var db = host.NewDbContext();
        Assert.Empty(await db.OutboxMessages.ToListAsync());
    }

    [DatabaseTheory]
    public async Task SignIn_DeactivatedRightPasswordAndUnknown_SameRefusalSameCommandsNoMail(DatabaseProvider provider)
    {
        var (host, recorder, louis) = await StartAsync(provider);
        await using var _ = host;
        var signIn = host.Get<SignInMember>();

        // Up to the fifth failure, which brings the captcha and, for a member, a notice.
        for (var i = 0; i < 5; i++)
        {
            var deactivated = await recorder.RecordAsync(() => signIn.ExecuteAsync(louis.Email, DemoMembers.Password, RecoverySteps.Client));
            var unknown = await recorder.RecordAsync(() => signIn.ExecuteAsync("personne@example.org", DemoMembers.Password, RecoverySteps.Client));

            Assert.Equal(Outcome.InvalidCredentials, deactivated.Result.Outcome);
            Assert.Equal((unknown.Result.Outcome, unknown.Result.Value), (deactivated.Result.Outcome, deactivated.Result.Value));
            Assert.Equal(unknown.Commands, deactivated.Commands);
        }

        await host.Get<NotifyMember>().WhenIdleAsync();
        await using var db = host.NewDbContext();
        Assert.Empty(await db.OutboxMessages.ToListAsync());
    }
}
