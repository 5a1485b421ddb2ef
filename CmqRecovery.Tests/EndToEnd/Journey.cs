using CmqRecovery.Core.Members;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>The demo members (seeded in Development) and the passwords the journeys use.</summary>
public static class Journey
{
    public const string OldPassword = DemoMembers.Password;

    /// <summary>Long, unguessable, and free of every demo member's code and address.</summary>
    public const string NewPassword = "Érable-sucré-Tadoussac-2026!";

    /// <summary>The subjects as the member's mail client shows them (issue 2: the reset subject is the seed's, in French).</summary>
    public const string ResetLinkSubject = "Réinitialisation du mot de passe";

    public const string PasswordChangedSubject = "Votre mot de passe a été modifié / Your password was changed";

    public static NewMember Physician => DemoMembers.All[0];
    public static NewMember Resident => DemoMembers.All[1];
    public static NewMember Student => DemoMembers.All[2];
    public static NewMember Other => DemoMembers.All[3];
}
