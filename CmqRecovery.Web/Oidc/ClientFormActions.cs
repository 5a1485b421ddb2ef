using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// The CSP's <c>form-action 'self'</c> also governs where a form's redirects may lead (Chromium enforces it along the
/// chain): the sign-in form's post goes to the authorize endpoint, which redirects to the client. So the sign-in page
/// shown for a client's request, and only that one, also allows the origins of that client's registered redirect
/// URIs. Nothing from the request is written into the header: the origins come from configuration.
/// </summary>
internal static class ClientFormActions
{
    private const string SelfOnly = "form-action 'self'";

    public static IApplicationBuilder UseClientFormActions(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.Equals(Routes.SignIn, StringComparison.OrdinalIgnoreCase)
                && PendingAuthorization.ClientOf(http.Request.Query[Routes.ReturnUrlQuery].ToString(),
                    http.RequestServices.GetRequiredService<IOptions<OidcOptions>>().Value) is { } client)
            {
                Allow(http, client.RedirectUris.Select(uri => new Uri(uri, UriKind.Absolute).GetLeftPart(UriPartial.Authority)));
            }

            await next(http);
        });

    /// <summary>Adds <paramref name="origins"/> (from configuration, or a request value OpenIddict matched against it exactly) to this response's form-action.</summary>
    public static void Allow(HttpContext http, IEnumerable<string> origins)
    {
        var allowed = string.Join(' ', origins.Distinct(StringComparer.OrdinalIgnoreCase));
        http.Response.OnStarting(() =>
        {
            var csp = http.Response.Headers.ContentSecurityPolicy.ToString();
            http.Response.Headers.ContentSecurityPolicy = csp.Replace(SelfOnly, $"{SelfOnly} {allowed}", StringComparison.Ordinal);
            return Task.CompletedTask;
        });
    }
}
