namespace CmqRecovery.Web.Hosting;

/// <summary>Redirect targets must stay on this site: a path, never a scheme-relative or absolute URL.</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\r') && !url.Contains('\n');

    public static string OrHome(string? url) => IsLocal(url) ? url! : Routes.Home;
}
