using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>Self-signed PFX files, as an operator would give the app to encrypt its Data Protection key ring.</summary>
public static class TestCertificates
{
    public const string Password = "mot-de-passe-du-pfx";

    private static readonly Lazy<string> Shared = new(() => Create("cmq-recovery-tests"));

    /// <summary>One PFX for the whole run (Staging and Production starts need one).</summary>
    public static string SharedPath => Shared.Value;

    /// <summary>A new PFX (its own key pair) in the temp folder, protected by <see cref="Password"/>.</summary>
    public static string Create(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(Path.GetTempPath(), $"cmq-{subject}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    public static Dictionary<string, string?> Settings(string path) => new()
    {
        ["DataProtection:CertificatePath"] = path,
        ["DataProtection:CertificatePassword"] = Password,
    };
}
