using CmqRecovery.Core;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.Core.Account;
using CmqRecovery.Tests.Core.Register;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Members;

/// <summary>
/// What every new password clears, whichever use case sets it (<see cref="CommitNewPassword"/>): what a stranger did
/// against the member's email and code ends with it. SetPassword's own tests (and WayBackLinkTests) cover the recovery;
/// these cover « Mon compte » and the activation, which did not clear anything before they shared the commit.
/// </summary>
public sealed class CommitNewPasswordTests
{
    private const string NewPassword = "Ornithorynque-Violet-Soupir-42";

    /// <summary>Sign-in locks after 3 failures here (no captcha before it), so the test does not post a hundred.</summary>
    private static Task<CoreTestHost> StartAsync(DatabaseProvider provider) => CoreTestHost.StartAsync(provider, new Dictionary<string, string?>
    {
        ["SignIn:LockAfterFailures"] = "3",
        ["SignIn:CaptchaAfterFailures"] = "50",
    });

    [DatabaseTheory]
    public async Task ChangePassword_AfterStrangerSuspendedRecovery_ClearsTheSuspensions(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        // A stranger who knows the email and the code: five wrong pairs for each suspends both (and reaches the ceiling).
        foreach (var subject in new[] { (await host.IdentifyAsync(email: member.Email)).Value!, (await host.IdentifyAsync(userCode: member.UserCode)).Value! })
        {
            for (var i = 0; i < 5; i++)
            {
                await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client);
            }
        }

        Assert.Equal(Outcome.Suspended, await host.RightAnswersAtStep3Async(email: member.Email));
        Assert.Equal(Outcome.Suspended, await host.RightAnswersAtStep3Async(code: member.UserCode));

        var changed = await host.Get<ChangePassword>().ExecuteAsync(here, DemoMembers.Password, NewPassword, NewPassword, RecoverySteps.Client);

        Assert.True(changed.Passed);
        Assert.Equal(Outcome.Passed, await host.RightAnswersAtStep3Async(email: member.Email));
        Assert.Equal(Outcome.Passed, await host.RightAnswersAtStep3Async(code: member.UserCode));
    }

    [DatabaseTheory]
    public async Task ChangePassword_Refused_LeavesTheSuspensions(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var here = await host.SignedInAsync(member);
        var subject = (await host.IdentifyAsync(email: member.Email)).Value!;
        for (var i = 0; i < 5; i++)
        {
            await host.Get<CheckAnswers>().ForIdentityAsync(subject, "faux", "faux", RecoverySteps.Client);
        }

        var refused = await host.Get<ChangePassword>().ExecuteAsync(here, "pas le bon", NewPassword, NewPassword, RecoverySteps.Client);

        Assert.Equal(Outcome.InvalidCredentials, refused.Outcome);
        Assert.Equal(Outcome.Suspended, await host.RightAnswersAtStep3Async(email: member.Email));
    }

    [DatabaseTheory]
    public async Task ActivateMember_AfterStrangerLockedSignIn_ClearsTheLock(DatabaseProvider provider)
    {
        await using var host = await StartAsync(provider);
        var hugo = await InvitationTestKit.ImportOneAsync(host);
        var (invitation, token) = await InvitationTestKit.AddInvitationAsync(host, hugo.Id);
        var grant = (await host.Get<OpenInvitation>().ExecuteAsync(invitation.Id, token, RecoverySteps.Client)).Value!.Grant!;
        await InvitationTestKit.SetQuestionsAsync(host, hugo.Id);
        // Before the member has a password, a stranger fails to sign in with their email until it locks.
        for (var i = 0; i < 3; i++)
        {
            await host.Get<SignInMember>().ExecuteAsync(hugo.Email, "mauvais-mot-de-passe", RecoverySteps.Client);
        }

        Assert.Equal(Outcome.LockedOut, (await host.Get<SignInMember>().ExecuteAsync(hugo.Email, NewPassword, RecoverySteps.Client)).Outcome);

        var activated = await host.Get<ActivateMember>().ExecuteAsync(grant, NewPassword, NewPassword, RecoverySteps.Client);

        Assert.Equal(Outcome.Passed, activated.Outcome);
        Assert.Equal(Outcome.Passed, (await host.Get<SignInMember>().ExecuteAsync(hugo.Email, NewPassword, RecoverySteps.Client)).Outcome);
    }
}
