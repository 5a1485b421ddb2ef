namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// The wizard of one circuit (registered scoped). It holds only Core's proofs for the current step — never an
/// answer, a password or a raw token — and drops each proof as soon as the next step no longer needs it: a step
/// carries at most one proof, of the type its <see cref="StepTable"/> row names, and every move replaces it.
/// A refresh or a lost circuit builds a new, empty one: the member starts over at the first step.
/// </summary>
public sealed class RecoveryWizardState
{
    private object? _proof;

    public StepDescription Step { get; private set; } = StepTable.Identify;

    /// <summary>The captcha shown at identification, spent by the next identify attempt; dropped on every move.</summary>
    public Guid? CaptchaChallengeId { get; set; }

    /// <summary>Set on every step change so the new step's heading takes focus once.</summary>
    public bool FocusPending { get; private set; }

    public event Action? Changed;

    /// <summary>
    /// This wizard began at a mailed link (procedure step 5): its suspension is the link's own (procedure step 7), which earns
    /// no notice mail, so its text must not promise one.
    /// </summary>
    public bool FromLink { get; private set; }

    /// <summary>A page's first step, with nothing kept from an earlier visit; the page's own heading keeps focus.</summary>
    public void Start(StepDescription first)
    {
        Drop();
        FromLink = first == StepTable.LinkChecking;
        Step = first.Proof is null ? first : throw new ArgumentException($"{first} needs a proof to start.", nameof(first));
        FocusPending = false;
    }

    /// <summary>
    /// Moves to <paramref name="next"/>, dropping whatever proof the current step carried. A proof that is not the one
    /// <paramref name="next"/> carries is refused: the wizard starts over with nothing kept, and the caller gets no
    /// further.
    /// </summary>
    public void GoTo(StepDescription next, object? proof = null)
    {
        Drop();
        if (proof?.GetType() != next.Proof)
        {
            MoveTo(StepTable.Identify);
            throw new ArgumentException($"{next} carries {next.Proof?.Name ?? "nothing"}, not {proof?.GetType().Name ?? "nothing"}.", nameof(proof));
        }

        _proof = proof;
        MoveTo(next);
    }

    /// <summary>Back to identification with nothing kept (e.g. a confirmation given twice).</summary>
    public void Restart() => GoTo(StepTable.Identify);

    /// <summary>
    /// The proof a use case needs. Fails closed: if the current step does not carry a <typeparamref name="T"/>, the
    /// wizard starts over with nothing kept and this throws.
    /// </summary>
    public T Proof<T>() where T : class
    {
        if (Peek<T>() is { } proof)
        {
            return proof;
        }

        var step = Step;
        Restart();
        throw new InvalidOperationException($"{step} carries no {typeof(T).Name}.");
    }

    /// <summary>For rendering: the current step's proof if it is a <typeparamref name="T"/>, otherwise null.</summary>
    public T? Peek<T>() where T : class => Step.Proof == typeof(T) ? (T?)_proof : null;

    /// <summary>Called by the step heading once it has taken focus.</summary>
    public bool TakeFocus()
    {
        var pending = FocusPending;
        FocusPending = false;
        return pending;
    }

    private void Drop()
    {
        _proof = null;
        CaptchaChallengeId = null;
    }

    private void MoveTo(StepDescription step)
    {
        Step = step;
        FocusPending = true;
        Changed?.Invoke();
    }
}
