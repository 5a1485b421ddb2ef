using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CmqRecovery.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Core.Security;

/// <summary>
/// The one Data Protection set-up. Its keys live in the database, so every node reads the same ring (outbox bodies,
/// cookies, the protected HMAC keys) under one fixed application name. With <c>DataProtection:CertificatePath</c>
/// (a PFX) the keys are encrypted with that certificate before they are stored, so a copy of the database alone
/// opens nothing; <c>DataProtection:PreviousCertificatePaths:0..</c> still decrypt keys stored under a certificate
/// being rotated out. Outside Development and Testing the certificate is required (StartupRequirements in the web host).
/// </summary>
public static class KeyRing
{
    public const string Section = "DataProtection";
    public const string CertificatePathKey = Section + ":CertificatePath";
    public const string CertificatePasswordKey = Section + ":CertificatePassword";
    public const string PreviousCertificatePathsKey = Section + ":PreviousCertificatePaths";
    public const string PreviousCertificatePasswordsKey = Section + ":PreviousCertificatePasswords";

    /// <summary>Nodes share keys only when they share this name: never derive it from the content root.</summary>
    public const string ApplicationName = "CmqRecovery";

    public static IServiceCollection AddRecoveryDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<RecoveryDbContext>();

        var current = configuration[CertificatePathKey];
        if (string.IsNullOrWhiteSpace(current))
        {
            return services;
        }

        var password = configuration[CertificatePasswordKey];
        var certificate = Load(current, password, CertificatePathKey);
        var previous = configuration.GetSection(PreviousCertificatePathsKey).GetChildren()
            .Where(entry => !string.IsNullOrWhiteSpace(entry.Value))
            .Select(entry => Load(
                entry.Value!,
                configuration[$"{PreviousCertificatePasswordsKey}:{entry.Key}"] ?? password,
                $"{PreviousCertificatePathsKey}:{entry.Key}"));

        builder.ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate([certificate, .. previous]);
        return services;
    }

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
                $"{setting} names '{path}', which cannot be opened as a PFX with {CertificatePasswordKey} ({ex.Message}). " +
                "The app does not start: without it the Data Protection keys can be neither encrypted nor read.", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"{setting} names '{path}', which holds no private key: the Data Protection keys it encrypts could never be read back. The app does not start.");
        }

        return certificate;
    }
}
