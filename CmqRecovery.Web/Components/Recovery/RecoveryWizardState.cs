using CmqRecovery.Core.Recovery;

namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// The wizard of one circuit (registered scoped). It holds only Core's handles for the current step — never an
/// answer, a password or a raw token — and drops each handle as soon as the next step no longer needs it.
/// A refresh or a lost circuit builds a new, empty one: the member starts over at the first step.
/// </summary>
public sealed class RecoveryWizardState
{
    public RecoveryStep Step { get; private set; } = RecoveryStep.Identify;

    /// <summary>From identification until the answers pass: a member or a decoy, with the two drawn questions.</summary>
    public RecoverySubject? Subject { get; private set; }

    /// <summary>Step 3's proof that the answers passed; good for one confirmation.</summary>
    public VerifiedIdentity? Identity { get; private set; }

    /// <summary>The opened link (seed step 7); the raw token is not kept.</summary>
    public OpenedLink? Link { get; private set; }

    public ResetAuthorization? Authorization { get; private set; }

    /// <summary>The captcha shown at identification, spent by the next identify attempt.</summary>
    public Guid? CaptchaChallengeId { get; set; }

    /// <summary>Shown on the last page, with a link to sign in. Never the password.</summary>
    public string? Email { get; private set; }

    /// <summary>Set on every step change so the new step's heading takes focus once.</summary>
    public bool FocusPending { get; private set; }

    public event Action? Changed;

    public void StartRecovery() => Restart(RecoveryStep.Identify, notify: false);

    public void StartReset() => Restart(RecoveryStep.LinkChecking, notify: false);

    public void Identified(RecoverySubject subject)
    {
        CaptchaChallengeId = null;
        Subject = subject;
        GoTo(RecoveryStep.Questions);
    }

    public void AnswersPassed(VerifiedIdentity identity)
    {
        Subject = null;
        Identity = identity;
        GoTo(RecoveryStep.ConfirmEmail);
    }

    public void MailQueued()
    {
        Identity = null;
        GoTo(RecoveryStep.MailSent);
    }

    public void Disputed()
    {
        Identity = null;
        GoTo(RecoveryStep.Disputed);
    }

    public void LinkOpened(OpenedLink link)
    {
        Link = link;
        GoTo(RecoveryStep.LinkQuestions);
    }

    public void ResetAuthorized(ResetAuthorization authorization)
    {
        Link = null;
        Authorization = authorization;
        GoTo(RecoveryStep.NewPassword);
    }

    public void PasswordChanged(string email)
    {
        Authorization = null;
        Email = email;
        GoTo(RecoveryStep.Done);
    }

    public void Suspended() => Restart(RecoveryStep.Suspended, notify: true);

    public void LinkNoLongerValid() => Restart(RecoveryStep.LinkInvalid, notify: true);

    /// <summary>Back to identification with nothing kept (e.g. a confirmation given twice).</summary>
    public void Restart() => Restart(RecoveryStep.Identify, notify: true);

    /// <summary>Called by the step heading once it has taken focus.</summary>
    public bool TakeFocus()
    {
        var pending = FocusPending;
        FocusPending = false;
        return pending;
    }

    private void Restart(RecoveryStep step, bool notify)
    {
        Subject = null;
        Identity = null;
        Link = null;
        Authorization = null;
        CaptchaChallengeId = null;
        Email = null;
        if (notify)
        {
            GoTo(step);
        }
        else
        {
            Step = step;
            FocusPending = false;
        }
    }

    private void GoTo(RecoveryStep step)
    {
        Step = step;
        FocusPending = true;
        Changed?.Invoke();
    }
}
