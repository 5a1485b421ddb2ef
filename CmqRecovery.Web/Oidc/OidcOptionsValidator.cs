using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Oidc;

/// <summary>Lifetimes in sensible bounds and clients that can be registered; the app refuses to start otherwise.</summary>
public sealed class OidcOptionsValidator : IValidateOptions<OidcOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        var failures = new List<string>();
        Within(failures, nameof(options.AccessTokenLifetime), options.AccessTokenLifetime, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        Within(failures, nameof(options.IdentityTokenLifetime), options.IdentityTokenLifetime, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        Within(failures, nameof(options.AuthorizationCodeLifetime), options.AuthorizationCodeLifetime, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));
        Within(failures, nameof(options.RefreshTokenLifetime), options.RefreshTokenLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));
        Within(failures, nameof(options.RefreshTokenReuseLeeway), options.RefreshTokenReuseLeeway, TimeSpan.Zero, TimeSpan.FromMinutes(1));

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var at = $"{OidcOptions.Section}:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.ClientId))
            {
                failures.Add($"{at}:ClientId is empty.");
            }
            else if (!ids.Add(client.ClientId))
            {
                failures.Add($"{at}:ClientId '{client.ClientId}' is listed twice.");
            }

            if (string.IsNullOrWhiteSpace(client.DisplayName))
            {
                failures.Add($"{at}:DisplayName is empty: the sign-in page names the application.");
            }

            if (client.RedirectUris.Count == 0)
            {
                failures.Add($"{at}:RedirectUris lists no address.");
            }

            foreach (var uri in client.RedirectUris.Concat(client.PostLogoutRedirectUris))
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Fragment))
                {
                    failures.Add($"{at}: '{uri}' is not an absolute URI without a fragment.");
                }
            }

            if (client.FrontChannelLogoutUri is { } frontChannel)
            {
                ValidateFrontChannel(failures, at, client, frontChannel);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The signed-out page frames this address and allows its origin in <c>frame-src</c>: it must be the client's own
    /// origin (one of its redirect URIs'), so configuration cannot open the page to a third site by a typo.
    /// </summary>
    private static void ValidateFrontChannel(List<string> failures, string at, OidcClient client, string frontChannel)
    {
        if (!Uri.TryCreate(frontChannel, UriKind.Absolute, out var parsed) || !string.IsNullOrEmpty(parsed.Fragment)
            || parsed.Scheme is not ("https" or "http"))
        {
            failures.Add($"{at}:FrontChannelLogoutUri '{frontChannel}' is not an absolute http(s) URI without a fragment.");
            return;
        }

        var origin = parsed.GetLeftPart(UriPartial.Authority);
        if (!client.RedirectUris.Any(uri => Uri.TryCreate(uri, UriKind.Absolute, out var redirect)
                && string.Equals(redirect.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{at}:FrontChannelLogoutUri '{frontChannel}' is not on the origin of one of the client's RedirectUris.");
        }
    }

    private static void Within(List<string> failures, string setting, TimeSpan value, TimeSpan low, TimeSpan high)
    {
        if (value < low || value > high)
        {
            failures.Add($"{OidcOptions.Section}:{setting} is {value}; it must be between {low} and {high}.");
        }
    }
}
