using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Outside Development there is no embedded mail server and no address to guess: without a real SMTP host or a
/// public base URL for the mailed links, the app would accept recoveries it cannot complete. It refuses to start.
/// </summary>
public static class StartupRequirements
{
    public static void Ensure(IHostEnvironment environment, IConfiguration configuration)
    {
        EnsureSecretsOutsideTheDatabase(environment, configuration);
        if (environment.IsDevelopment())
        {
            return;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:{nameof(SmtpOptions.Host)}"]))
        {
            missing.Add("Smtp:Host (Smtp__Host)");
        }

        var baseUrl = configuration[$"{RecoveryOptions.Section}:{nameof(RecoveryOptions.PublicBaseUrl)}"];
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            missing.Add("Recovery:PublicBaseUrl (Recovery__PublicBaseUrl)");
        }
        else if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException(
                $"Recovery:PublicBaseUrl must be an absolute http(s) URL; '{baseUrl}' is not. The app does not start.");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {environment.EnvironmentName} environment needs these settings, which are missing: {string.Join(", ", missing)}. " +
                "The app does not start without them (only Development has an embedded mail server and uses its own address).");
        }
    }

    /// <summary>
    /// Outside Development and Testing, the secrets that must not sit in the database: the certificate that encrypts
    /// the Data Protection key ring (which in turn protects the installation keys), and the answers' pepper. Without
    /// them a copy of the database would hold every key in clear and allow guessing answers offline.
    /// </summary>
    private static void EnsureSecretsOutsideTheDatabase(IHostEnvironment environment, IConfiguration configuration)
    {
        if (TestShortcuts.AllowedIn(environment))
        {
            return;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration[KeyRing.CertificatePathKey]))
        {
            missing.Add($"{KeyRing.CertificatePathKey} (DataProtection__CertificatePath: a PFX whose certificate encrypts the Data Protection keys stored in the database)");
        }

        if (string.IsNullOrWhiteSpace(configuration[HashingOptionsValidator.PepperKey]))
        {
            missing.Add($"{HashingOptionsValidator.PepperKey} (Hashing__AnswerPepper: base64 of at least {HashingOptions.MinimumPepperBytes} random bytes, the answers' pepper)");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {environment.EnvironmentName} environment needs these secrets, kept outside the database, which are missing: {string.Join("; ", missing)}. " +
                "The app does not start without them (docs/DEPLOYMENT.md, \"Secrets and keys\").");
        }
    }
}
