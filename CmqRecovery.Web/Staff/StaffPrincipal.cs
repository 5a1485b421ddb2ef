using System.Globalization;
using System.Security.Claims;

namespace CmqRecovery.Web.Staff;

/// <summary>
/// What the staff cookie carries: who (the provider's subject, audited), a name to show, the console roles, and when
/// the session began (the absolute lifetime counts from it; a sliding renewal does not move it).
/// </summary>
public static class StaffPrincipal
{
    internal const string SinceClaim = "cmq:staff-since";

    public static ClaimsPrincipal For(string staffId, string name, IEnumerable<string> roles, DateTimeOffset signedInAt)
    {
        var identity = new ClaimsIdentity(StaffSchemes.Cookie, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, staffId));
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(SinceClaim, signedInAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>The staff identity written in the audit: the provider's subject.</summary>
    public static string? IdOf(ClaimsPrincipal? principal) =>
        principal?.Identity?.AuthenticationType == StaffSchemes.Cookie ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>
    /// Past the absolute lifetime, or without a start (a cookie this code did not issue): the session is over.
    /// </summary>
    public static bool Expired(ClaimsPrincipal? principal, DateTimeOffset now, TimeSpan lifetime) =>
        !long.TryParse(principal?.FindFirstValue(SinceClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var since)
        || since > now.ToUnixTimeSeconds()
        || now - DateTimeOffset.FromUnixTimeSeconds(since) >= lifetime;
}
