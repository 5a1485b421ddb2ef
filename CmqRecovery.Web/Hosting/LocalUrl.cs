using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Redirect targets must stay on this site. The test is the framework's own (<see cref="UrlHelperBase.IsLocalUrl"/>, the
/// rule <see cref="Results.LocalRedirect"/> enforces by throwing), so anything this accepts LocalRedirect accepts too:
/// a hand-written copy let <c>/%09/x</c> (a tab) through, and LocalRedirect then failed the request with a 500.
/// </summary>
public static class LocalUrl
{
    /// <summary>Longer than any of the app's own paths with a query by far; past it the way back is the home page.</summary>
    public const int MaxLength = 2048;

    // IsLocalUrl reads only its argument; the helper's context is never used, so one instance serves every request.
    private static readonly UrlHelper Framework = new(new ActionContext(new DefaultHttpContext(), new RouteData(), new ActionDescriptor()));

    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= MaxLength }
        && Framework.IsLocalUrl(url)
        // Kestrel refuses a Location header with non-ASCII characters (another 500); the app's own links are
        // percent-encoded, so only a forged one has them.
        && url.All(char.IsAscii);

    public static string OrHome(string? url) => IsLocal(url) ? url! : Routes.Home;
}
