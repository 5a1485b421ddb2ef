using CmqRecovery.Core.Security;
using CmqRecovery.Web.Hosting;

namespace CmqRecovery.Web.Staff;

/// <summary>
/// The console fails closed at start-up: the development sign-in (anyone picks an identity) can never run outside
/// Development and Testing, and an enabled console without its provider does not start half-configured.
/// </summary>
public static class StaffStartupRequirements
{
    public static void Ensure(IHostEnvironment environment, StaffOptions options)
    {
        if (options.DevelopmentSignIn && !TestShortcuts.AllowedIn(environment))
        {
            throw new InvalidOperationException(
                $"Staff:DevelopmentSignIn (Staff__DevelopmentSignIn) is on in the {TestShortcuts.Describe(environment)} environment: "
                + "the development staff sign-in lets anyone choose a staff identity and exists for Development and Testing only. The app does not start.");
        }

        if (!options.Enabled || options.DevelopmentSignIn)
        {
            return;
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Authority))
        {
            missing.Add("Staff:Authority (Staff__Authority)");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            missing.Add("Staff:ClientId (Staff__ClientId)");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Staff:Enabled is on but these settings of the Collège's OpenID Connect provider are missing: {string.Join(", ", missing)}. "
                + "The app does not start without them (docs/DEPLOYMENT.md, \"Staff console\").");
        }

        // The provider's metadata and keys decide who is staff: fetched over plain HTTP, anyone on the path could name
        // themselves supervisor. Plain HTTP only where the app itself runs over it (Development, TransportSecurity).
        if (TransportSecurity.HttpsOnly(environment)
            && (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException(
                $"Staff:Authority (Staff__Authority) must be an https:// address of the Collège's OpenID Connect provider in the {TestShortcuts.Describe(environment)} environment. "
                + "The app does not start.");
        }
    }
}
