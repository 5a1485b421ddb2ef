namespace CmqRecovery.Tests.TestSupport;

/// <summary>The fields of the sign-in page's static form, as the HTTP tests post them.</summary>
public static class SignInForm
{
    public const string WrongPassword = "mauvais mot de passe";

    public static Dictionary<string, string> Fields(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    };

    /// <summary>A failed attempt on an address no member has.</summary>
    public static Dictionary<string, string> Stranger() => Fields("personne@example.org", WrongPassword);
}
