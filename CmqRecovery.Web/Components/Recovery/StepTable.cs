using System.Reflection;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// One step of the wizard, and its identity (the wizard state's current step is one of <see cref="StepTable"/>'s rows):
/// the number it shows (« Étape n de 5 »; none for the pages that end a branch), the resource key of its name in the
/// indicator, the component that renders it, the step of the Collège's procedure it carries out (docs/PROCEDURE.md),
/// and the one proof from Core it carries (none, or the type <see cref="RecoveryWizardState.GoTo"/> must be given).
/// </summary>
public sealed record StepDescription(string Name, int? Number, string? TitleKey, Type Component, int ProcedureStep, Type? Proof = null)
{
    /// <summary>Logs name the step, not the whole row.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// The steps, described once: each field is a step, <see cref="All"/> is built from the fields, and the indicator, the
/// view, the wizard state and the docs' table are derived from them. Adding a step is a field here, a component, and
/// the use case it calls; the component moves to it with <c>State.GoTo(StepTable.X, proof)</c>.
/// </summary>
public static class StepTable
{
    public static readonly StepDescription Identify = new(nameof(Identify), 1, "StepIdentify", typeof(IdentifyStep), ProcedureStep: 2);
    public static readonly StepDescription Questions = new(nameof(Questions), 2, "StepQuestions", typeof(QuestionsStep), ProcedureStep: 3, typeof(RecoverySubject));
    public static readonly StepDescription ConfirmEmail = new(nameof(ConfirmEmail), 3, "StepConfirmEmail", typeof(ConfirmEmailStep), ProcedureStep: 4, typeof(VerifiedIdentity));
    public static readonly StepDescription LinkQuestions = new(nameof(LinkQuestions), 4, "StepLinkQuestions", typeof(QuestionsStep), ProcedureStep: 7, typeof(OpenedLink));
    public static readonly StepDescription NewPassword = new(nameof(NewPassword), 5, "StepNewPassword", typeof(NewPasswordStep), ProcedureStep: 8, typeof(ResetAuthorization));
    public static readonly StepDescription MailSent = new(nameof(MailSent), null, null, typeof(MailSentStep), ProcedureStep: 4);
    public static readonly StepDescription Disputed = new(nameof(Disputed), null, null, typeof(DisputedStep), ProcedureStep: 4);
    public static readonly StepDescription Suspended = new(nameof(Suspended), null, null, typeof(SuspendedStep), ProcedureStep: 3);
    public static readonly StepDescription LinkChecking = new(nameof(LinkChecking), null, null, typeof(LinkCheckingStep), ProcedureStep: 5);
    public static readonly StepDescription LinkInvalid = new(nameof(LinkInvalid), null, null, typeof(LinkInvalidStep), ProcedureStep: 5);

    /// <summary>The e-mail the member signs in with, shown with a link to sign in; never the password.</summary>
    public static readonly StepDescription Done = new(nameof(Done), null, null, typeof(DoneStep), ProcedureStep: 9, typeof(string));

    /// <summary>Every step, in the order of the fields above (declared after them, so they are set by now).</summary>
    public static IReadOnlyList<StepDescription> All { get; } =
    [
        .. typeof(StepTable).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(StepDescription))
            .OrderBy(f => f.MetadataToken)
            .Select(f => (StepDescription)f.GetValue(null)!),
    ];

    /// <summary>The numbered steps, in order.</summary>
    public static IReadOnlyList<StepDescription> Numbered { get; } = [.. All.Where(s => s.Number is not null).OrderBy(s => s.Number)];
}
