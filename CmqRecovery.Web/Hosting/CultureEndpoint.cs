using Microsoft.AspNetCore.Localization;

namespace CmqRecovery.Web.Hosting;

/// <summary>The « English » / « Français » switch: stores the choice in the culture cookie and goes back.</summary>
public static class CultureEndpoint
{
    public static string LinkFor(string culture, string redirectUri) =>
        $"{Routes.Culture}?c={Uri.EscapeDataString(culture)}&redirectUri={Uri.EscapeDataString(WithoutResetToken(redirectUri))}";

    /// <summary>
    /// A mailed link's path holds its token: never copy it into a query string (logs, Referer, history). The way
    /// back from a reset link is the bare reset page.
    /// </summary>
    public static string WithoutResetToken(string path) =>
        path.StartsWith(Routes.Reset + "/", StringComparison.OrdinalIgnoreCase) ? Routes.Reset : path;

    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Routes.Culture, (HttpContext http, string? c, string? redirectUri) =>
        {
            var culture = Cultures.Supported.FirstOrDefault(s => string.Equals(s, c, StringComparison.OrdinalIgnoreCase)) ?? Cultures.French;
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions
                {
                    MaxAge = TimeSpan.FromDays(365),
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    IsEssential = true,
                });
            return Results.LocalRedirect(LocalUrl.OrHome(redirectUri is null ? null : WithoutResetToken(redirectUri)));
        }).ExcludeFromDescription();
        return endpoints;
    }
}
