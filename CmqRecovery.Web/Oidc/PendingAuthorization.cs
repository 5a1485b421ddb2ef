using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// A client's authorization request the member left for « Mot de passe oublié? ». The recovery goes through a mailed
/// link (often a new tab, a new circuit), so the request is kept in a short-lived cookie, protected by Data
/// Protection, until the recovery's « Se connecter » takes the member back to the sign-in page with it. It is only
/// ever a local authorization request (<see cref="IsAuthorizeRequest"/>), checked again when it is read; nothing signs
/// the member in: they type the new password.
/// </summary>
public static class PendingAuthorization
{
    private const string CookieName = "cmq.autorisation";
    private const string Purpose = "CmqRecovery.Oidc.PendingAuthorization.v1";

    /// <summary>Longer than a recovery (the mailed link lives 30 minutes), shorter than a working day.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A local address of this provider's authorize endpoint, and nothing else.</summary>
    public static bool IsAuthorizeRequest(string? url) =>
        LocalUrl.IsLocal(url) && url!.StartsWith(Routes.OidcAuthorize + "?", StringComparison.Ordinal);

    /// <summary>The client named by an authorize request's <c>client_id</c>, when configuration lists it.</summary>
    public static OidcClient? ClientOf(string? returnUrl, OidcOptions options)
    {
        if (!IsAuthorizeRequest(returnUrl) || returnUrl is null)
        {
            return null;
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[returnUrl.IndexOf('?', StringComparison.Ordinal)..]);
        return query.TryGetValue(OpenIddict.Abstractions.OpenIddictConstants.Parameters.ClientId, out var id) && id.Count == 1
            ? options.Clients.FirstOrDefault(c => string.Equals(c.ClientId, id[0], StringComparison.Ordinal))
            : null;
    }

    /// <summary>The sign-in page's « Mot de passe oublié? »: through <see cref="Routes.OidcForgotPassword"/> only for a client's request.</summary>
    public static string ForgotPasswordHref(string? returnUrl) => IsAuthorizeRequest(returnUrl)
        ? $"{Routes.OidcForgotPassword}?{Routes.ReturnUrlQuery}={Uri.EscapeDataString(returnUrl!)}"
        : Routes.Recovery;

    /// <summary>Where a successful sign-in goes: the local return address, else « Mon compte ».</summary>
    public static string AfterSignIn(string? returnUrl) => LocalUrl.IsLocal(returnUrl) ? returnUrl! : Routes.Account;

    public static IEndpointRouteBuilder MapPendingAuthorizationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Routes.OidcForgotPassword, (HttpContext http, IDataProtectionProvider protection, IHostEnvironment environment) =>
        {
            var returnUrl = http.Request.Query[Routes.ReturnUrlQuery].ToString();
            if (IsAuthorizeRequest(returnUrl))
            {
                http.Response.Cookies.Append(TransportSecurity.CookieName(environment, CookieName), protection.CreateProtector(Purpose).Protect(returnUrl), new CookieOptions
                {
                    HttpOnly = true,
                    Secure = TransportSecurity.HttpsOnly(environment),
                    SameSite = SameSiteMode.Lax,
                    Path = "/",
                    MaxAge = Lifetime,
                    IsEssential = true,
                });
            }

            return Results.LocalRedirect(Routes.Recovery);
        }).ExcludeFromDescription();

        endpoints.MapGet(Routes.SignInAfterRecovery, (HttpContext http, IDataProtectionProvider protection, IHostEnvironment environment) =>
        {
            var name = TransportSecurity.CookieName(environment, CookieName);
            var pending = Read(http.Request.Cookies[name], protection.CreateProtector(Purpose));
            http.Response.Cookies.Delete(name, new CookieOptions { Path = "/", Secure = TransportSecurity.HttpsOnly(environment) });
            var email = http.Request.Query[Routes.EmailQuery].ToString();
            var target = email.Length is > 0 and <= Components.Recovery.InputLimits.Email ? Routes.SignInWithEmail(email) : Routes.SignIn;
            if (pending is not null)
            {
                target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"{Routes.ReturnUrlQuery}={Uri.EscapeDataString(pending)}";
            }

            return Results.LocalRedirect(target);
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static string? Read(string? cookie, IDataProtector protector)
    {
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        try
        {
            var url = protector.Unprotect(cookie);
            return IsAuthorizeRequest(url) ? url : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // forged or from a rotated-out key: a plain sign-in
        }
    }
}
