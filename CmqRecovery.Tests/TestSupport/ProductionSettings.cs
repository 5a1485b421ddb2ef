namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// What a Staging or Production start needs on top of the suite's settings: a mail host and a public base URL, and
/// the secrets kept outside the database (the key ring's certificate, the answers' pepper), and none of the test shortcuts (captcha test code, cheap KDF) that only Development and Testing allow.
/// </summary>
public static class ProductionSettings
{
    /// <summary>A secret pepper for this run (the public development one is refused outside Development and Testing).</summary>
    public static readonly string Pepper = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static Dictionary<string, string?> Required() => new()
    {
        ["Smtp:Host"] = "smtp.recuperation.test",
        ["Recovery:PublicBaseUrl"] = "https://recuperation.test",
        ["Captcha:TestCode"] = null,
        ["Hashing:Iterations"] = null,
        ["Hashing:AnswerPepper"] = Pepper,
        ["DataProtection:CertificatePath"] = TestCertificates.SharedPath,
        ["DataProtection:CertificatePassword"] = TestCertificates.Password,
        ["Oidc:SigningCertificatePath"] = OidcSigning.Value,
        ["Oidc:SigningCertificatePassword"] = TestCertificates.Password,
        ["Oidc:EncryptionCertificatePath"] = OidcEncryption.Value,
        ["Oidc:EncryptionCertificatePassword"] = TestCertificates.Password,
    };

    /// <summary>The OpenID Connect provider's keys (its own PFX files, as an operator would give them).</summary>
    private static readonly Lazy<string> OidcSigning = new(() => TestCertificates.Create("cmq-oidc-signing"));
    private static readonly Lazy<string> OidcEncryption = new(() => TestCertificates.Create("cmq-oidc-encryption"));

    public static Dictionary<string, string?> RequiredWithout(string key)
    {
        var settings = Required();
        settings[key] = null;
        return settings;
    }

    public static Dictionary<string, string?> RequiredWith(string key, string? value)
    {
        var settings = Required();
        settings[key] = value;
        return settings;
    }
}
