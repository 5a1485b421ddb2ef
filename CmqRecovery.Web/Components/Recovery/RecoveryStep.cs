using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Web.Components.Recovery;

/// <summary>Where the member stands. Each has one row in <see cref="StepTable"/>.</summary>
public enum RecoveryStep
{
    Identify,
    Questions,
    ConfirmEmail,
    LinkQuestions,
    NewPassword,
    MailSent,
    Disputed,
    Suspended,
    LinkChecking,
    LinkInvalid,
    Done,
}

/// <summary>
/// One step of the wizard: the number it shows (« Étape n de 5 »; none for the pages that end a branch), the resource
/// key of its name in the indicator, the component that renders it, and the step of the Collège's procedure it carries
/// out (docs/PROCEDURE.md).
/// </summary>
public sealed record StepDescription(RecoveryStep Step, int? Number, string? TitleKey, Type Component, int SeedStep);

/// <summary>
/// The steps, described once: the indicator, the view and the docs' table are derived from these rows. Adding a step is
/// a row here, a component, and the use case it calls.
/// </summary>
public static class StepTable
{
    public static IReadOnlyList<StepDescription> All { get; } =
    [
        new(RecoveryStep.Identify, 1, "StepIdentify", typeof(IdentifyStep), SeedStep: 2),
        new(RecoveryStep.Questions, 2, "StepQuestions", typeof(QuestionsStep), SeedStep: 3),
        new(RecoveryStep.ConfirmEmail, 3, "StepConfirmEmail", typeof(ConfirmEmailStep), SeedStep: 4),
        new(RecoveryStep.LinkQuestions, 4, "StepLinkQuestions", typeof(QuestionsStep), SeedStep: 7),
        new(RecoveryStep.NewPassword, 5, "StepNewPassword", typeof(NewPasswordStep), SeedStep: 8),
        new(RecoveryStep.MailSent, null, null, typeof(MailSentStep), SeedStep: 4),
        new(RecoveryStep.Disputed, null, null, typeof(DisputedStep), SeedStep: 4),
        new(RecoveryStep.Suspended, null, null, typeof(SuspendedStep), SeedStep: 3),
        new(RecoveryStep.LinkChecking, null, null, typeof(LinkCheckingStep), SeedStep: 5),
        new(RecoveryStep.LinkInvalid, null, null, typeof(LinkInvalidStep), SeedStep: 5),
        new(RecoveryStep.Done, null, null, typeof(DoneStep), SeedStep: 9),
    ];

    /// <summary>The numbered steps, in order.</summary>
    public static IReadOnlyList<StepDescription> Numbered { get; } = [.. All.Where(s => s.Number is not null).OrderBy(s => s.Number)];

    public static StepDescription For(RecoveryStep step) => All.Single(s => s.Step == step);
}
