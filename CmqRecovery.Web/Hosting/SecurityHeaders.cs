namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Headers for every response. No referrer at all: the reset page carries its token in the URL.
/// The CSP allows what Blazor Server and MudBlazor need: own scripts, inline styles (MudBlazor sets style
/// attributes), data: images (the captcha), the captcha's audio (data: in the wizard, an own URL on the sign-in form) and the circuit's WebSocket on the same origin.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; " +
        "base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // No window opened from elsewhere keeps a handle on ours (cross-window attacks, ASVS 3.4.8).
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            await next(context);
        });

    /// <summary>The /dev pages answer 404 outside Development, whatever the router would do.</summary>
    public static IApplicationBuilder UseDevelopmentPagesOnlyInDevelopment(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments(Routes.DevPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await next(context);
            });
        }

        return app;
    }
}
