namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// The wizard of one circuit (registered scoped). It holds only Core's handles for the current step — never an
/// answer, a password or a raw token — and drops each handle as soon as the next step no longer needs it: a step
/// carries at most one handle, of the type its <see cref="StepTable"/> row names, and every move replaces it.
/// A refresh or a lost circuit builds a new, empty one: the member starts over at the first step.
/// </summary>
public sealed class RecoveryWizardState
{
    private object? _carried;

    public StepDescription Step { get; private set; } = StepTable.Identify;

    /// <summary>The captcha shown at identification, spent by the next identify attempt; dropped on every move.</summary>
    public Guid? CaptchaChallengeId { get; set; }

    /// <summary>Set on every step change so the new step's heading takes focus once.</summary>
    public bool FocusPending { get; private set; }

    public event Action? Changed;

    /// <summary>
    /// This wizard began at a mailed link (seed step 5): its suspension is the link's own (seed step 7), which earns
    /// no notice mail, so its text must not promise one.
    /// </summary>
    public bool FromLink { get; private set; }

    /// <summary>A page's first step, with nothing kept from an earlier visit; the page's own heading keeps focus.</summary>
    public void Start(StepDescription first)
    {
        Drop();
        FromLink = first == StepTable.LinkChecking;
        Step = first.Carries is null ? first : throw new ArgumentException($"{first} needs a handle to start.", nameof(first));
        FocusPending = false;
    }

    /// <summary>
    /// Moves to <paramref name="next"/>, dropping whatever the current step carried. A handle that is not the one
    /// <paramref name="next"/> carries is refused: the wizard starts over with nothing kept, and the caller gets no
    /// further.
    /// </summary>
    public void GoTo(StepDescription next, object? carried = null)
    {
        Drop();
        if (carried?.GetType() != next.Carries)
        {
            MoveTo(StepTable.Identify);
            throw new ArgumentException($"{next} carries {next.Carries?.Name ?? "nothing"}, not {carried?.GetType().Name ?? "nothing"}.", nameof(carried));
        }

        _carried = carried;
        MoveTo(next);
    }

    /// <summary>Back to identification with nothing kept (e.g. a confirmation given twice).</summary>
    public void Restart() => GoTo(StepTable.Identify);

    /// <summary>
    /// The handle a use case needs. Fails closed: if the current step does not carry a <typeparamref name="T"/>, the
    /// wizard starts over with nothing kept and this throws.
    /// </summary>
    public T Carried<T>() where T : class
    {
        if (Peek<T>() is { } handle)
        {
            return handle;
        }

        var step = Step;
        Restart();
        throw new InvalidOperationException($"{step} carries no {typeof(T).Name}.");
    }

    /// <summary>For rendering: the current step's handle if it is a <typeparamref name="T"/>, otherwise null.</summary>
    public T? Peek<T>() where T : class => Step.Carries == typeof(T) ? (T?)_carried : null;

    /// <summary>Called by the step heading once it has taken focus.</summary>
    public bool TakeFocus()
    {
        var pending = FocusPending;
        FocusPending = false;
        return pending;
    }

    private void Drop()
    {
        _carried = null;
        CaptchaChallengeId = null;
    }

    private void MoveTo(StepDescription step)
    {
        Step = step;
        FocusPending = true;
        Changed?.Invoke();
    }
}
