using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Web.Components.Recovery;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>The state holds one proof, the one its step's row names, and lets go of it on every move.</summary>
public sealed class RecoveryWizardStateTests
{
    private static readonly VerifiedIdentity Identity = new(Guid.NewGuid(), "m*****y@example.org");

    [Fact]
    public void GoTo_TheProofTheRowNames_CarriesItAndMovesFocus()
    {
        var state = new RecoveryWizardState();
        var changes = 0;
        state.Changed += () => changes++;

        state.GoTo(StepTable.ConfirmEmail, Identity);

        Assert.Equal((StepTable.ConfirmEmail, 1, true), (state.Step, changes, state.FocusPending));
        Assert.Same(Identity, state.Proof<VerifiedIdentity>());
    }

    [Fact]
    public void GoTo_NextStep_DropsThePreviousProofAndTheCaptcha()
    {
        var state = new RecoveryWizardState { CaptchaChallengeId = Guid.NewGuid() };
        state.GoTo(StepTable.ConfirmEmail, Identity);

        state.GoTo(StepTable.MailSent);

        Assert.Equal(StepTable.MailSent, state.Step);
        Assert.Null(state.Peek<VerifiedIdentity>());
        Assert.Null(state.CaptchaChallengeId);
    }

    [Fact]
    public void GoTo_ProofOfTheWrongType_RefusesAndKeepsNothing()
    {
        var state = new RecoveryWizardState();
        state.GoTo(StepTable.ConfirmEmail, Identity);
        var authorization = new ResetAuthorization("request", Guid.NewGuid());

        // A ResetAuthorization where the row names a RecoverySubject: nothing moves on with it, nothing stays behind.
        Assert.Throws<ArgumentException>(() => state.GoTo(StepTable.Questions, authorization));

        Assert.Equal(StepTable.Identify, state.Step);
        Assert.Null(state.Peek<VerifiedIdentity>());
        Assert.Null(state.Peek<ResetAuthorization>());
        Assert.Null(state.Peek<RecoverySubject>());
    }

    [Fact]
    public void GoTo_NoProofWhereTheRowNamesOne_Refuses()
    {
        var state = new RecoveryWizardState();
        state.GoTo(StepTable.ConfirmEmail, Identity);

        Assert.Throws<ArgumentException>(() => state.GoTo(StepTable.NewPassword));

        Assert.Equal(StepTable.Identify, state.Step);
        Assert.Null(state.Peek<VerifiedIdentity>());
    }

    [Fact]
    public void GoTo_ProofWhereTheRowNamesNone_RefusesAndKeepsNothing()
    {
        var state = new RecoveryWizardState();
        state.GoTo(StepTable.ConfirmEmail, Identity);

        Assert.Throws<ArgumentException>(() => state.GoTo(StepTable.MailSent, Identity));

        Assert.Equal(StepTable.Identify, state.Step);
        Assert.Null(state.Peek<VerifiedIdentity>());
    }

    [Fact]
    public void Proof_AnotherTypeThanTheStepCarries_RestartsWithoutGivingUpTheProof()
    {
        var state = new RecoveryWizardState();
        var subject = new RecoverySubject("key", Guid.NewGuid(), Prompt(), Prompt());
        state.GoTo(StepTable.Questions, subject);

        Assert.Throws<InvalidOperationException>(() => state.Proof<VerifiedIdentity>());
        Assert.Throws<InvalidOperationException>(() => state.Proof<object>());

        Assert.Equal(StepTable.Identify, state.Step);
        Assert.Null(state.Peek<RecoverySubject>());
    }

    [Fact]
    public void Peek_AnotherType_IsNullAndKeepsTheProof()
    {
        var state = new RecoveryWizardState();
        state.GoTo(StepTable.Done, "marie.tremblay@example.org");

        Assert.Null(state.Peek<object>());
        Assert.Null(state.Peek<VerifiedIdentity>());
        Assert.Equal("marie.tremblay@example.org", state.Peek<string>());
    }

    [Fact]
    public void Start_AnyPage_KeepsNothingAndDoesNotMoveFocus()
    {
        var state = new RecoveryWizardState { CaptchaChallengeId = Guid.NewGuid() };
        state.GoTo(StepTable.Done, "marie.tremblay@example.org");
        var changes = 0;
        state.Changed += () => changes++;

        state.Start(StepTable.LinkChecking);

        Assert.Equal((StepTable.LinkChecking, 0, false), (state.Step, changes, state.FocusPending));
        Assert.Null(state.Peek<string>());
        Assert.Null(state.CaptchaChallengeId);
        Assert.Throws<ArgumentException>(() => state.Start(StepTable.Done));
    }

    private static QuestionPrompt Prompt() => new(1, "Ville natale ?", "Home town?");
}
