using System.Net;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// One person's HTTP client through the proxy, from its own loopback address (its own per-IP counters at the proxy),
/// with one cookie jar whichever node answers, as a browser has. Each request names its node with haproxy's
/// stickiness cookie, so a test decides which node serves what.
/// </summary>
public sealed class NodeBrowserlessClient(NodeCluster cluster, string localAddress) : IDisposable
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
        var page = await (await GetAsync(formFrom, Routes.SignIn)).Content.ReadAsStringAsync();
        var fields = RecoveryWebFactory.FormFields(page, SignInForm.Fields(email, password, challengeId, captchaDigits));
        using var post = new HttpRequestMessage(HttpMethod.Post, Routes.SignIn) { Content = new FormUrlEncodedContent(fields) };
        var response = await SendAsync(post, postTo);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        return new SignInPost(response.StatusCode, PathOf(response.Headers.Location), html, SignInForm.ChallengeId(html));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A redirect's path and query, whether the node wrote it absolute or relative.</summary>
    public static string? PathOf(Uri? location) =>
        location is null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}

/// <summary>A sign-in post's answer: 302 to /mon-compte on success, else the form again (with a captcha challenge past the threshold).</summary>
public sealed record SignInPost(HttpStatusCode Status, string? Location, string Html, string? CaptchaChallengeId);
