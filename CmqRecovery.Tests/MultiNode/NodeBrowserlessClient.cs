using System.Net;
using System.Text.RegularExpressions;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// One person's HTTP client through the proxy, from its own loopback address (its own per-IP counters at the proxy),
/// with one cookie jar whichever node answers, as a browser has. Each request names its node with haproxy's
/// stickiness cookie, so a test decides which node serves what.
/// </summary>
public sealed partial class NodeBrowserlessClient(NodeCluster cluster, string localAddress) : IDisposable
{
    private readonly HttpClient _http = cluster.Proxy.ClientFrom(localAddress);

    public Dictionary<string, string> Cookies { get; } = [];

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, AppNode node)
    {
        var cookies = Cookies.Where(c => c.Key != HaproxyProcess.StickinessCookie).Select(c => $"{c.Key}={c.Value}")
            .Append($"{HaproxyProcess.StickinessCookie}={node.Route}");
        request.Headers.Add("Cookie", string.Join("; ", cookies));

        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(AppNode node, string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), node);

    /// <summary>The sign-in form as node <paramref name="formFrom"/> serves it, posted to <paramref name="postTo"/>.</summary>
    public async Task<SignInPost> SignInAsync(AppNode formFrom, AppNode postTo, string email, string password, string? captchaDigits = null, string? challengeId = null)
    {
        var page = await (await GetAsync(formFrom, "/connexion")).Content.ReadAsStringAsync();
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Hidden(page, "__RequestVerificationToken") ?? throw new InvalidOperationException("No antiforgery token on /connexion.")),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        };
        if (Hidden(page, "_handler") is { } handler)
        {
            fields["_handler"] = WebUtility.HtmlDecode(handler);
        }

        if (challengeId is not null)
        {
            fields["Input.CaptchaChallengeId"] = challengeId;
            fields["Input.CaptchaDigits"] = captchaDigits ?? string.Empty;
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/connexion") { Content = new FormUrlEncodedContent(fields) };
        var response = await SendAsync(post, postTo);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        return new SignInPost(response.StatusCode, PathOf(response.Headers.Location), html, ChallengeField().Match(html) is { Success: true } m ? m.Groups[1].Value : null);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A redirect's path and query, whether the node wrote it absolute or relative.</summary>
    public static string? PathOf(Uri? location) =>
        location is null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private static string? Hidden(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"") is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("name=\"Input.CaptchaChallengeId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex ChallengeField();
}

/// <summary>A sign-in post's answer: 302 to /mon-compte on success, else the form again (with a captcha challenge past the threshold).</summary>
public sealed record SignInPost(HttpStatusCode Status, string? Location, string Html, string? CaptchaChallengeId);
