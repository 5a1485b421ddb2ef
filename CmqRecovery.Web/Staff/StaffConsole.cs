using System.Security.Claims;
using System.Text.Encodings.Web;
using CmqRecovery.Core.Staff;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Staff;

/// <summary>
/// The staff console's wiring (docs: CmqRecovery.Core/Staff/README.md): its own cookie, limited to the console's
/// path, its own challenge (the Collège's provider, or the development stand-in), and a policy on every console
/// endpoint. The member's default cookie scheme is never asked under the console, and the staff cookie never
/// reaches a member page (its path).
/// </summary>
public static class StaffConsole
{
    public static WebApplicationBuilder AddStaffConsole(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StaffOptions.Section).Get<StaffOptions>() ?? new StaffOptions();
        StaffStartupRequirements.Ensure(builder.Environment, options);
        builder.Services.Configure<StaffOptions>(builder.Configuration.GetSection(StaffOptions.Section));

        var httpsOnly = TransportSecurity.HttpsOnly(builder.Environment);
        var authentication = builder.Services.AddAuthentication().AddCookie(StaffSchemes.Cookie, cookie =>
        {
            cookie.Cookie.Name = httpsOnly ? "__Secure-" + StaffSchemes.CookieName : StaffSchemes.CookieName;
            cookie.Cookie.Path = Routes.StaffPrefix;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = Routes.StaffSignIn;
            cookie.LogoutPath = Routes.StaffSignOut;
            // Signed in but without the role: a plain refusal, never a page of the member's side.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            cookie.Events.OnValidatePrincipal = EndExpiredSessionAsync;
            if (UsesProvider(options))
            {
                cookie.ForwardChallenge = StaffSchemes.OpenIdConnect;
            }
        });

        if (UsesProvider(options))
        {
            authentication.AddOpenIdConnect(StaffSchemes.OpenIdConnect, oidc =>
            {
                oidc.SignInScheme = StaffSchemes.Cookie;
                oidc.Authority = options.Authority;
                oidc.ClientId = options.ClientId;
                oidc.ClientSecret = options.ClientSecret;
                oidc.ResponseType = "code";
                // The code comes back in the query of a top-level GET: a Lax correlation cookie rides along on that
                // cross-site navigation (form_post would need SameSite=None, and the provider's self-posting page).
                oidc.ResponseMode = "query";
                oidc.UsePkce = true;
                // Plain-HTTP metadata only where the app itself runs over plain HTTP (Development); StaffStartupRequirements
                // refuses a non-HTTPS authority everywhere else.
                oidc.RequireHttpsMetadata = httpsOnly;
                foreach (var flowCookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
                {
                    // Only the callback under the console reads them; never sent to a member page.
                    flowCookie.Path = Routes.StaffPrefix;
                    flowCookie.SameSite = SameSiteMode.Lax;
                    flowCookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                }

                oidc.MapInboundClaims = false;
                oidc.SaveTokens = false;
                oidc.CallbackPath = Routes.StaffOidcCallback;
                oidc.SignedOutCallbackPath = Routes.StaffOidcSignedOut;
                oidc.RemoteSignOutPath = Routes.StaffOidcRemoteSignOut;
                oidc.Events.OnTokenValidated = MapRolesAsync;
                oidc.Events.OnTicketReceived = SignInThenLandAsync;
                oidc.Events.OnRemoteFailure = context =>
                {
                    // No role, a forged or expired response: refused, with nothing signed in.
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffSchemes.ConsolePolicy, policy => policy
                .AddAuthenticationSchemes(StaffSchemes.Cookie)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Support, StaffRoles.Supervisor))
            .AddPolicy(StaffSchemes.SupervisorPolicy, policy => policy
                .AddAuthenticationSchemes(StaffSchemes.Cookie)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Supervisor));
        return builder;
    }

    /// <summary>
    /// A console that is not enabled does not exist: 404 for its whole prefix. After the pipeline (plain HTTP is still
    /// refused first, and the console's policy still applies: an anonymous request is sent to a sign-in that is a 404).
    /// </summary>
    public static WebApplication UseStaffConsoleGate(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StaffOptions>>().Value;
        if (UsesProvider(options) && Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority))
        {
            // « Se déconnecter » posts, then goes on to the provider's end-session endpoint: Chromium holds a form's
            // redirects to the CSP's form-action, so console pages also allow the provider's origin (from configuration).
            var origin = authority.GetLeftPart(UriPartial.Authority);
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(Routes.StaffPrefix))
                {
                    Oidc.ClientFormActions.Allow(context, [origin]);
                }

                return next(context);
            });
        }

        if (!options.Enabled)
        {
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(Routes.StaffPrefix))
                {
                    // A bare 404: re-executing the not-found page would replay a POST, antiforgery and all.
                    if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
                    {
                        statusPages.Enabled = false;
                    }

                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        return app;
    }

    /// <summary>
    /// The console's fallback: every page under its prefix requires the console policy, whether or not the page says
    /// so itself (a page that forgets [Authorize] is still closed). [AllowAnonymous] opens the sign-in page only.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder RequireStaffOnConsole(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && InConsole(route.RoutePattern.RawText))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(StaffSchemes.ConsolePolicy));
            }
        });
        return builder;
    }

    public static WebApplication MapStaffConsole(this WebApplication app)
    {
        var console = app.MapGroup(Routes.StaffPrefix).RequireAuthorization(StaffSchemes.ConsolePolicy);
        // [FromForm] makes the antiforgery middleware check the posted token.
        console.MapPost(Routes.StaffSignOutPath, async (HttpContext http, IOptions<StaffOptions> options, [FromForm] string? returnUrl) =>
        {
            if (StaffPrincipal.IdOf(http.User) is { } staffId)
            {
                await http.RequestServices.GetRequiredService<RecordStaffSession>().SignedOutAsync(new StaffActor(staffId));
            }

            await http.SignOutAsync(StaffSchemes.Cookie);
            if (UsesProvider(options.Value))
            {
                // The agent's session at the Collège's provider ends too: on a shared desk, the next « Se connecter »
                // must not sign the same agent back in silently. The provider sends them back to the sign-in page.
                return Results.SignOut(new AuthenticationProperties { RedirectUri = Routes.StaffSignIn }, [StaffSchemes.OpenIdConnect]);
            }

            return Results.LocalRedirect(Routes.StaffSignIn);
        }).ExcludeFromDescription();
        console.MapStaffAuditExport();
        return app;
    }

    internal static bool UsesProvider(StaffOptions options) => options.Enabled && !options.DevelopmentSignIn;

    internal static bool InConsole(string? path) =>
        path is not null && (string.Equals(path, Routes.StaffPrefix, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(Routes.StaffPrefix + "/", StringComparison.OrdinalIgnoreCase));

    private static async Task EndExpiredSessionAsync(CookieValidatePrincipalContext context)
    {
        var lifetime = context.HttpContext.RequestServices.GetRequiredService<IOptions<StaffOptions>>().Value.SessionLifetime;
        if (StaffPrincipal.Expired(context.Principal, context.Options.TimeProvider!.GetUtcNow(), lifetime))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(StaffSchemes.Cookie);
        }
    }

    /// <summary>The provider's claims become a staff principal with console roles, or the sign-in fails (no role, no subject).</summary>
    private static Task MapRolesAsync(TokenValidatedContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<StaffOptions>>().Value;
        if (context.Principal is not { } principal)
        {
            context.Fail("The provider sent no identity.");
            return Task.CompletedTask;
        }

        var subject = principal.FindFirstValue("sub");
        var roles = StaffRoles.Map(principal.FindAll(options.RoleClaim).Select(c => c.Value), options.SupportRoleValue, options.SupervisorRoleValue);
        if (subject is null || subject.Length > StaffActor.MaxLength || roles.Count == 0)
        {
            context.Fail("The provider's account has no staff role.");
            return Task.CompletedTask;
        }

        var name = principal.FindFirstValue("name") ?? principal.FindFirstValue("preferred_username") ?? subject;
        context.Principal = StaffPrincipal.For(subject, name, roles, context.Options.TimeProvider!.GetUtcNow());
        return Task.CompletedTask;
    }

    /// <summary>
    /// The callback is the end of a cross-site redirect chain (from the provider), on which a SameSite=Strict cookie
    /// just set would not be sent: a redirect would land signed out and start over. A page that moves on by itself
    /// starts a same-site navigation instead.
    /// </summary>
    private static async Task SignInThenLandAsync(TicketReceivedContext context)
    {
        await context.HttpContext.RequestServices.GetRequiredService<RecordStaffSession>()
            .SignedInAsync(new StaffActor(StaffPrincipal.IdOf(context.Principal)!), RecordStaffSession.ThroughProvider);
        await context.HttpContext.SignInAsync(StaffSchemes.Cookie, context.Principal!, context.Properties);
        var target = InConsole(context.ReturnUri) && LocalUrl.IsLocal(context.ReturnUri) ? context.ReturnUri! : Routes.StaffHome;
        context.HandleResponse();
        var href = HtmlEncoder.Default.Encode(target);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"fr\"><head><meta http-equiv=\"refresh\" content=\"0;url={href}\"><title>Soutien</title></head>"
            + $"<body><a href=\"{href}\">Continuer / Continue</a></body></html>");
    }
}
