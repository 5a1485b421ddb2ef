using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CmqRecovery.Core.Security;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// The provider's signing and encryption keys. Every node must sign and decrypt with the same keys, and they must
/// survive restarts, so outside Development and Testing they come from PFX files named in configuration (like
/// DataProtection:CertificatePath), and the app refuses to start without them. The previous certificates of a
/// rotation still validate and decrypt what they made; the current one is listed first, so it signs and encrypts.
/// Development and Testing without them use OpenIddict's development certificates (the machine's user store),
/// which never serve anywhere else.
/// </summary>
public static class OidcKeys
{
    public const string SigningPathKey = OidcOptions.Section + ":" + nameof(OidcOptions.SigningCertificatePath);
    public const string EncryptionPathKey = OidcOptions.Section + ":" + nameof(OidcOptions.EncryptionCertificatePath);

    public static void Apply(OpenIddictServerBuilder server, OidcOptions options, IHostEnvironment environment)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningCertificatePath))
        {
            missing.Add($"{SigningPathKey} (Oidc__SigningCertificatePath: a PFX whose RSA key signs the identity and access tokens)");
        }

        if (string.IsNullOrWhiteSpace(options.EncryptionCertificatePath))
        {
            missing.Add($"{EncryptionPathKey} (Oidc__EncryptionCertificatePath: a PFX whose RSA key encrypts codes and refresh tokens)");
        }

        if (missing.Count == 2 && TestShortcuts.AllowedIn(environment))
        {
            server.AddDevelopmentSigningCertificate().AddDevelopmentEncryptionCertificate();
            return;
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {TestShortcuts.Describe(environment)} environment needs these OpenID Connect keys, which are missing: {string.Join("; ", missing)}. " +
                "Every node must sign with the same keys, so the app does not start without them (docs/DEPLOYMENT.md, \"Connecting an application\").");
        }

        server.AddSigningCertificates(LoadAll(
            options.SigningCertificatePath!, options.PreviousSigningCertificatePaths, options.SigningCertificatePassword, SigningPathKey,
            nameof(OidcOptions.PreviousSigningCertificatePaths)));
        server.AddEncryptionCertificates(LoadAll(
            options.EncryptionCertificatePath!, options.PreviousEncryptionCertificatePaths, options.EncryptionCertificatePassword, EncryptionPathKey,
            nameof(OidcOptions.PreviousEncryptionCertificatePaths)));
    }

    /// <summary>Opened now, so a wrong path or password stops the start, naming the setting.</summary>
    private static List<X509Certificate2> LoadAll(string current, List<string> previous, string? password, string setting, string previousSetting) =>
        [Load(current, password, setting), .. previous.Select((path, i) => Load(path, password, $"{OidcOptions.Section}:{previousSetting}:{i}"))];

    private static X509Certificate2 Load(string path, string? password, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{setting} names '{path}', which cannot be opened as a PFX with its password ({ex.Message}). The app does not start.", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{setting} names '{path}', which holds no private key. The app does not start.");
        }

        return certificate;
    }
}
