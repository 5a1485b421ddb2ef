namespace CmqRecovery.Tests.EndToEnd;

/// <summary>« Mon compte »'s labels and messages as a person reads them (written out, like <see cref="UiText"/>).</summary>
public sealed record AccountText(
    string QuestionsTitle,
    string SaveQuestions,
    string TooShort,
    string PasswordNeeded,
    string CurrentPassword,
    string QuestionsSaved,
    string Enrol,
    string ChangePassword,
    string NewPassword,
    string ConfirmPassword,
    string ChangePasswordButton,
    string PasswordChanged,
    string ThisSession,
    string Device,
    string SessionsEnded,
    string ActivitySignIn,
    string ActivitySessionsEnded)
{
    public static readonly AccountText French = new(
        QuestionsTitle: "Mes questions de sécurité",
        SaveQuestions: "Enregistrer mes questions",
        TooShort: "la réponse doit compter au moins 3 caractères",
        PasswordNeeded: "Entrez votre mot de passe actuel.",
        CurrentPassword: "Mot de passe actuel",
        QuestionsSaved: "Vos questions de sécurité sont enregistrées.",
        Enrol: "Avant de continuer, choisissez vos questions de sécurité.",
        ChangePassword: "Changer mon mot de passe",
        NewPassword: "Nouveau mot de passe",
        ConfirmPassword: "Confirmation du nouveau mot de passe",
        ChangePasswordButton: "Changer le mot de passe",
        PasswordChanged: "Votre mot de passe a été modifié.",
        ThisSession: "(cette session)",
        Device: "Chrome sur Linux",
        SessionsEnded: "Sessions fermées : 1.",
        ActivitySignIn: ": connexion",
        ActivitySessionsEnded: ": sessions fermées");

    public static readonly AccountText English = new(
        QuestionsTitle: "My security questions",
        SaveQuestions: "Save my questions",
        TooShort: "the answer must have at least 3 characters",
        PasswordNeeded: "Enter your current password.",
        CurrentPassword: "Current password",
        QuestionsSaved: "Your security questions are saved.",
        Enrol: "Before you continue, choose your security questions.",
        ChangePassword: "Change my password",
        NewPassword: "New password",
        ConfirmPassword: "Confirm the new password",
        ChangePasswordButton: "Change the password",
        PasswordChanged: "Your password was changed.",
        ThisSession: "(this session)",
        Device: "Chrome on Linux",
        SessionsEnded: "Sessions ended: 1.",
        ActivitySignIn: ": sign-in",
        ActivitySessionsEnded: ": sessions ended");

    public static AccountText For(UiText language) => language == UiText.English ? English : French;
}
