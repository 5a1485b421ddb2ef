using Microsoft.AspNetCore.Authentication.Cookies;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Outside Development the app is reached over HTTPS only (behind the TLS proxy): the sign-in and antiforgery cookies
/// are <c>Secure</c> and carry the <c>__Host-</c> prefix, which browsers accept only when the cookie is Secure, has
/// Path=/ and no Domain — so no sibling host and no plain-HTTP page can set or overwrite them (ASVS 3.3.1, 3.3.3).
/// HSTS keeps the browser on HTTPS for a year. Development keeps plain names over http://localhost.
/// </summary>
public static class TransportSecurity
{
    public const string HostPrefix = "__Host-";
    public const string SignInCookie = "cmq.connexion";
    public const string AntiforgeryCookie = "cmq.antiforgery";

    /// <summary>ASVS 3.4.1 asks for at least a year.</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static bool HttpsOnly(IHostEnvironment environment) => !environment.IsDevelopment();

    /// <summary>The cookie's name in this environment: prefixed wherever it is Secure.</summary>
    public static string CookieName(IHostEnvironment environment, string name) =>
        HttpsOnly(environment) ? HostPrefix + name : name;

    public static IServiceCollection AddTransportSecurity(this IServiceCollection services, IHostEnvironment environment)
    {
        var httpsOnly = HttpsOnly(environment);
        var policy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            options.Cookie.Name = CookieName(environment, SignInCookie);
            options.Cookie.SecurePolicy = policy;
            options.Cookie.Path = "/";
            options.Cookie.Domain = null;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = CookieName(environment, AntiforgeryCookie);
            options.Cookie.SecurePolicy = policy;
            options.Cookie.Path = "/";
            options.Cookie.Domain = null;
        });
        services.AddHsts(options => options.MaxAge = HstsMaxAge);
        return services;
    }
}
