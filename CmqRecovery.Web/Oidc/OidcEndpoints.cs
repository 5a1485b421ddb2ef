using System.Security.Claims;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Web.Hosting;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Localization;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// The endpoints OpenIddict passes through to the app. OpenIddict has already validated each request (client,
/// exact redirect URI, PKCE, scopes, tokens) and issues every token itself; these only decide who the member is.
/// </summary>
internal static class OidcEndpoints
{
    private const string Server = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(Routes.OidcAuthorize, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).ExcludeFromDescription();
        endpoints.MapPost(Routes.OidcToken, TokenAsync).ExcludeFromDescription();
        endpoints.MapMethods(Routes.OidcUserInfo, [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfoAsync).ExcludeFromDescription();
        endpoints.MapMethods(Routes.OidcEndSession, [HttpMethods.Get, HttpMethods.Post], EndSessionAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http, OidcMembers members, OidcAudit audit, FrontChannelSessions frontChannel, TimeProvider time)
    {
        if (await RefusedAsync(http) is { } refused)
        {
            return refused;
        }

        var request = http.GetOpenIddictServerRequest()!;
        var cookie = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        var member = cookie.Succeeded && !request.HasPromptValue(PromptValues.Login)
            ? await members.FindAsync(cookie.Principal.FindFirstValue(ClaimTypes.NameIdentifier), http.RequestAborted)
            : null;
        var signedInAt = member is null ? null : await members.SignedInAtAsync(cookie.Principal!.FindFirstValue(MemberAuthentication.SessionClaim), http.RequestAborted);
        // max_age: a sign-in older than the client accepts asks for the password again, as prompt=login does.
        if (signedInAt is null || (request.MaxAge is { } maxAge && time.GetUtcNow() - signedInAt.Value > TimeSpan.FromSeconds(maxAge)))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Results.Forbid(Error(Errors.LoginRequired, "The member is not signed in."), [Server]);
            }

            // To the sign-in page and back here, without prompt=login or max_age: the member has just typed the
            // password (a fresh session, whose auth_time the client checks), and would otherwise be asked forever.
            var parameters = (http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList())
                .Where(parameter => parameter.Key is not (Parameters.Prompt or Parameters.MaxAge)).ToList();
            var prompt = string.Join(' ', request.GetPromptValues().Remove(PromptValues.Login));
            if (prompt.Length > 0)
            {
                parameters.Add(new(Parameters.Prompt, prompt));
            }

            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters) },
                [CookieAuthenticationDefaults.AuthenticationScheme]);
        }

        // First-party clients, trusted by configuration: no consent screen (issue 18).
        var identity = await members.IdentityAsync(member!, request.GetScopes(), [], http.RequestAborted);
        // sid, and an authorization that remembers it: front-channel logout frames this client when the session ends.
        await frontChannel.AttachAsync(identity, cookie.Principal!.FindFirstValue(MemberAuthentication.SessionClaim)!, request.ClientId!, http.RequestAborted);
        OidcMembers.SetAuthenticationTime(identity, signedInAt.Value);
        await audit.RecordAsync(AuditKind.OidcAuthorizationGranted, member!.Id, http, request.ClientId);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Server);
    }

    private static async Task<IResult> TokenAsync(HttpContext http, OidcMembers members)
    {
        // Only the code and refresh grants are enabled: OpenIddict refuses every other grant before this runs.
        var result = await http.AuthenticateAsync(Server);
        var member = result.Principal is { } principal ? await members.StillCurrentAsync(principal, http.RequestAborted) : null;
        if (member is null)
        {
            return Results.Forbid(Error(Errors.InvalidGrant, "The member's password changed since this grant was issued; sign in again."), [Server]);
        }

        // Fresh claims (a changed name or email), OpenIddict's own (authorization, presenters) carried over.
        var identity = await members.IdentityAsync(member, result.Principal!.GetScopes(), result.Principal!.Claims, http.RequestAborted);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: Server);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Server);
        return result.Principal is { } principal
            ? Results.Json(OidcMembers.UserInfo(principal))
            : Results.Challenge(Error(Errors.InvalidToken, "The access token is not valid."), [Server]);
    }

    private static async Task<IResult> EndSessionAsync(HttpContext http, MemberSessions sessions, OidcAudit audit)
    {
        if (await RefusedAsync(http) is { } refused)
        {
            return refused;
        }

        // OpenIddict has checked a hint that is there; without one, the member confirms (a forced sign-out otherwise).
        var request = http.GetOpenIddictServerRequest()!;
        if (string.IsNullOrEmpty(request.IdTokenHint))
        {
            if (!EndSessionConfirmation.IsAnswer(http))
            {
                await EndSessionConfirmation.WriteAsync(http, request.PostLogoutRedirectUri);
                return Results.Empty;
            }

            if (!await EndSessionConfirmation.IsGenuineAnswerAsync(http))
            {
                return await RefuseAsync(http);
            }
        }

        // As « Se déconnecter »: the server-side session is revoked first, so a copy of the cookie is refused too.
        var cookie = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (cookie.Principal?.FindFirstValue(MemberAuthentication.SessionClaim) is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId, http.RequestAborted);
            _ = Guid.TryParse(cookie.Principal.FindFirstValue(ClaimTypes.NameIdentifier), out var memberId);
            await audit.RecordAsync(AuditKind.OidcSignedOut, memberId, http, http.GetOpenIddictServerRequest()?.ClientId);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        // OpenIddict redirects to post_logout_redirect_uri when it is one the client registered, else here.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = Routes.SignIn }, [Server]);
    }

    /// <summary>
    /// An error OpenIddict could not send back to a client (unknown client, a redirect URI it did not register): a
    /// bilingual page, 400, and never a redirect, since the address asked for is exactly what cannot be trusted.
    /// </summary>
    private static async Task<IResult?> RefusedAsync(HttpContext http)
    {
        if (http.GetOpenIddictServerResponse() is not { Error: not null } && http.GetOpenIddictServerRequest() is not null)
        {
            return null;
        }

        return await RefuseAsync(http);
    }

    private static async Task<IResult> RefuseAsync(HttpContext http)
    {
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await RefusalPage.WriteAsync(http, text["OidcRequestRefused"], Routes.SignIn, text["BackToSignIn"], http.RequestAborted);
        return Results.Empty;
    }

    private static AuthenticationProperties Error(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });
}
