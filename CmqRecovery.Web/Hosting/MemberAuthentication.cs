using System.Security.Claims;
using CmqRecovery.Core.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// The login page's cookie. It carries the member's security stamp; a password change rotates the stamp, so every
/// cookie issued before it is rejected on its next request.
/// </summary>
public static class MemberAuthentication
{
    public const string SignInPath = "/connexion";
    public const string SignOutPath = "/deconnexion";
    public const string AccountPath = "/mon-compte";
    private const string StampClaim = "cmq:security-stamp";

    public static IServiceCollection AddMemberCookieAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = SignInPath;
                options.LogoutPath = SignOutPath;
                options.AccessDeniedPath = SignInPath;
                // Name, Secure and the __Host- prefix: TransportSecurity, by environment.
                options.Cookie.Name = TransportSecurity.SignInCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(1);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateStampAsync;
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
        endpoints.MapPost(SignOutPath, async (HttpContext http, [FromForm] string? returnUrl) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(SignInPath);
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(StampClaim);
        var current = Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var memberId) && stamp is not null
            ? await context.HttpContext.RequestServices.GetRequiredService<MemberSessions>()
                .FindCurrentAsync(memberId, stamp, context.HttpContext.RequestAborted)
            : null;
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
