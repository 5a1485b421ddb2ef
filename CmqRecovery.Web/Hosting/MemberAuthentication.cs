using System.Security.Claims;
using CmqRecovery.Core.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// The login page's cookie. It names a server-side session (<see cref="MemberSessions"/>), made when the cookie is
/// issued: « Se déconnecter » revokes it, so a copy of the cookie stops working, and it ends SignIn:SessionLifetime
/// after sign-in however active the member is. It also carries the member's security stamp; a password change rotates
/// the stamp, so every cookie issued before it is rejected on its next request.
/// </summary>
public static class MemberAuthentication
{
    private const string StampClaim = "cmq:security-stamp";
    internal const string SessionClaim = "cmq:session";

    public static IServiceCollection AddMemberCookieAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = Routes.SignIn;
                options.LogoutPath = Routes.SignOut;
                options.AccessDeniedPath = Routes.SignIn;
                // Name, Secure and the __Host- prefix: TransportSecurity, by environment.
                options.Cookie.Name = TransportSecurity.SignInCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(1);
                options.SlidingExpiration = true;
                options.Events.OnSigningIn = StartSessionAsync;
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static ClaimsPrincipal PrincipalFor(SignedInMember member) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, member.Id.ToString()),
            new Claim(ClaimTypes.Name, member.DisplayName),
            new Claim(ClaimTypes.Email, member.Email),
            new Claim(StampClaim, member.SecurityStamp),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    public static IEndpointRouteBuilder MapSignOutEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // [FromForm] makes the antiforgery middleware check the token posted by « Se déconnecter ».
        endpoints.MapPost(Routes.SignOut, async (HttpContext http, [FromForm] string? returnUrl) =>
        {
            // Revoked on the server first: a copy of this cookie (another tab, a stolen header) is refused from now on.
            if (http.User.FindFirstValue(SessionClaim) is { } sessionId)
            {
                await http.RequestServices.GetRequiredService<MemberSessions>().RevokeAsync(sessionId, http.RequestAborted);
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(Routes.SignIn);
        }).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Every cookie issued gets its own server-side session, whichever page signs the member in.</summary>
    private static async Task StartSessionAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity
            || !Guid.TryParse(identity.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var memberId))
        {
            throw new InvalidOperationException("A sign-in cookie must name a member.");
        }

        var session = await context.HttpContext.RequestServices.GetRequiredService<MemberSessions>()
            .StartAsync(memberId, context.HttpContext.Request.Headers.UserAgent.ToString(), context.HttpContext.RequestAborted);
        foreach (var stale in identity.FindAll(SessionClaim).ToList())
        {
            identity.RemoveClaim(stale);
        }

        identity.AddClaim(new Claim(SessionClaim, session.Id));
    }

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(StampClaim);
        var sessionId = principal?.FindFirstValue(SessionClaim);
        var current = Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var memberId) && stamp is not null && sessionId is not null
            ? await context.HttpContext.RequestServices.GetRequiredService<MemberSessions>()
                .FindCurrentAsync(memberId, stamp, sessionId, context.HttpContext.RequestAborted)
            : null;
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
