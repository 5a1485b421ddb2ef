namespace CmqRecovery.Web.Components.Recovery;

/// <summary>Where the member stands. The first five are numbered steps; the rest are outcomes.</summary>
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

public static class RecoveryStepNumbers
{
    public const int Count = 5;

    /// <summary>« Étape n de 5 » for the numbered steps; null for outcome pages.</summary>
    public static int? Number(this RecoveryStep step) => step switch
    {
        RecoveryStep.Identify => 1,
        RecoveryStep.Questions => 2,
        RecoveryStep.ConfirmEmail => 3,
        RecoveryStep.LinkQuestions => 4,
        RecoveryStep.NewPassword => 5,
        _ => null,
    };

    public static string NameKey(int number) => number switch
    {
        1 => "StepIdentify",
        2 => "StepQuestions",
        3 => "StepConfirmEmail",
        4 => "StepLinkQuestions",
        _ => "StepNewPassword",
    };
}
