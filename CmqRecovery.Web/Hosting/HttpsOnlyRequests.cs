using System.Globalization;
using CmqRecovery.Core;
using CmqRecovery.Web.Resources;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Outside Development pages work over HTTPS only: their antiforgery and sign-in cookies are Secure and __Host-
/// prefixed (<see cref="TransportSecurity"/>), which cannot be issued on a plain-HTTP request. Such a request is
/// answered here, once for every route, before anything can set a cookie or fail: redirected to HTTPS when this node
/// itself has an HTTPS port (ASP.NET Core's HTTPS redirection finds it), otherwise refused with 400 and a short
/// French and English text. Behind haproxy a request is HTTPS when the proxy says so (X-Forwarded-Proto from a known
/// proxy, applied before this). Never redirected to Recovery:PublicBaseUrl: a proxy left out of
/// ForwardedHeaders:KnownProxies would send every request back to itself forever; the 400 says what is wrong.
/// The health probes (/healthz, /readyz) answer over plain HTTP, as haproxy and supervisors ask them; the management
/// port (/metrics) never reaches this.
/// </summary>
public static class HttpsOnlyRequests
{
    public static WebApplication UseHttpsOnlyRequests(this WebApplication app)
    {
        if (TransportSecurity.HttpsOnly(app.Environment))
        {
            app.UseWhen(http => !http.Request.IsHttps && !IsHealthProbe(http.Request.Path), plain => plain
                .UseHttpsRedirection()
                .Run(RefuseAsync));
        }

        return app;
    }

    private static bool IsHealthProbe(PathString path) =>
        path.Equals(Routes.Liveness, StringComparison.OrdinalIgnoreCase) || path.Equals(Routes.Readiness, StringComparison.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext http)
    {
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync($"{In(Cultures.French, text)}\n{In(Cultures.English, text)}\n", http.RequestAborted);
    }

    /// <summary>The refusal in one culture, whatever the request's (both are sent: the language switch needs a page).</summary>
    private static string In(string culture, IStringLocalizer<Strings> text) =>
        InCulture.Read(CultureInfo.GetCultureInfo(culture), () => text["HttpsOnly"].Value);
}
