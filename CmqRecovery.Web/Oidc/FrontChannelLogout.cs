using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using CmqRecovery.Core.Data;
using CmqRecovery.Web.Hosting;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// OpenID Connect Front-Channel Logout 1.0. When a request ends the member's session here (the end-session endpoint,
/// « Se déconnecter »), and that session signed in to clients with a <c>FrontChannelLogoutUri</c>, the redirect that
/// would follow becomes a short signed-out page: one hidden frame per such client, <c>?iss=…&amp;sid=…</c>, which ends
/// the client's own cookie in this browser, then on to where the redirect led (a static script once the frames have
/// loaded, a meta refresh without script). Only that page's <c>frame-src</c> allows those clients' origins, all from
/// configuration. No token is written: a client checks <c>iss</c> and <c>sid</c> against its own id token.
/// </summary>
internal static class FrontChannelLogout
{
    /// <summary>Seconds before the meta refresh moves on when the script does not run (or a client never answers).</summary>
    private const int FallbackSeconds = 5;

    private const string SelfFrames = "frame-src 'self'";

    public static IApplicationBuilder UseFrontChannelLogout(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var sessionId = EndsASession(http.Request) ? http.User.FindFirstValue(MemberAuthentication.SessionClaim) : null;
            var memberId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            await next(http);
            if (sessionId is null || !Guid.TryParse(memberId, out var member) || http.Response.HasStarted
                || http.Response.StatusCode is not (StatusCodes.Status302Found or StatusCodes.Status303SeeOther)
                || http.Response.Headers.Location.ToString() is not { Length: > 0 } then)
            {
                return;
            }

            if (!await EndedAsync(http, sessionId))
            {
                return;
            }

            var frames = await FramesAsync(http, member, sessionId);
            if (frames.Count > 0)
            {
                await WritePageAsync(http, frames, then);
            }
        });

    /// <summary>One frame per client the ended session signed in to that has a front-channel logout page.</summary>
    public static async Task<IReadOnlyList<(OidcClient Client, string Src)>> FramesAsync(HttpContext http, Guid memberId, string sessionId)
    {
        var members = http.RequestServices.GetRequiredService<OidcMembers>();
        var sid = await members.SessionIdAsync(sessionId, http.RequestAborted);
        var subject = await members.SubjectAsync(memberId, http.RequestAborted);
        var clients = await http.RequestServices.GetRequiredService<FrontChannelSessions>().ClientsOfAsync(subject, sid, http.RequestAborted);
        var issuer = Issuer(http);
        return clients.Select(client => (client, QueryHelpers.AddQueryString(client.FrontChannelLogoutUri!,
            new Dictionary<string, string?> { ["iss"] = issuer, ["sid"] = sid }))).ToList();
    }

    /// <summary>This response's <c>frame-src</c>: the frames' origins (from configuration) instead of <c>'self'</c>.</summary>
    public static void AllowFrames(HttpResponse response, IEnumerable<OidcClient> clients)
    {
        var origins = string.Join(' ', clients.Select(c => new Uri(c.FrontChannelLogoutUri!, UriKind.Absolute).GetLeftPart(UriPartial.Authority))
            .Distinct(StringComparer.OrdinalIgnoreCase));
        response.Headers.ContentSecurityPolicy = response.Headers.ContentSecurityPolicy.ToString().Replace(SelfFrames, $"frame-src {origins}", StringComparison.Ordinal);
    }

    public static string FrameTitle(IStringLocalizer<Strings> text, OidcClient client) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, text["OidcSignedOutFrameFormat"].Value, client.DisplayName);

    /// <summary>Handles discovery: the two front-channel flags, which OpenIddict has no setting for.</summary>
    public static void Advertise(OpenIddictServerEvents.HandleConfigurationRequestContext context)
    {
        context.Metadata["frontchannel_logout_supported"] = true;
        context.Metadata["frontchannel_logout_session_supported"] = true;
    }

    private static bool EndsASession(HttpRequest request) =>
        request.Path.Equals(Routes.OidcEndSession, StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsPost(request.Method) && request.Path.Equals(Routes.SignOut, StringComparison.OrdinalIgnoreCase));

    /// <summary>Only a request that really ended the session (not a confirmation page, a refusal or a forged post).</summary>
    private static async Task<bool> EndedAsync(HttpContext http, string sessionId)
    {
        await using var db = await http.RequestServices.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContextAsync(http.RequestAborted);
        return await db.SignInSessions.AnyAsync(s => s.Id == sessionId && s.RevokedAt != null, http.RequestAborted);
    }

    /// <summary>The <c>iss</c> of the id tokens: the configured issuer, else OpenIddict's (this request's base address).</summary>
    private static string Issuer(HttpContext http) =>
        (http.RequestServices.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.Issuer
            ?? new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/", UriKind.Absolute)).AbsoluteUri;

    private static Task WritePageAsync(HttpContext http, IReadOnlyList<(OidcClient Client, string Src)> frames, string then)
    {
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        var iframes = new StringBuilder();
        foreach (var (client, src) in frames)
        {
            iframes.Append($"""<iframe hidden title="{html.Encode(FrameTitle(text, client))}" src="{html.Encode(src)}"></iframe>""");
        }

        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.Location = default;
        response.Headers.CacheControl = "no-store";
        AllowFrames(response, frames.Select(f => f.Client));
        response.ContentType = "text/html; charset=utf-8";
        var heading = text["OidcSignedOutTitle"].Value;
        return response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{html.Encode(Cultures.Current)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="{FallbackSeconds};url={html.Encode(then)}">
            <title>{html.Encode(heading)}</title><script src="/js/signed-out.js"></script></head>
            <body><main><h1>{html.Encode(heading)}</h1><p>{html.Encode(text["OidcSignedOutApplications"])}</p>
            <p><a id="cmq-continue" href="{html.Encode(then)}">{html.Encode(text["OidcSignedOutContinue"])}</a></p>{iframes}</main></body>
            </html>
            """,
            http.RequestAborted);
    }
}
