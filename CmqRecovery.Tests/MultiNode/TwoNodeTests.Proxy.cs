using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>haproxy's per-client-IP limits (deploy/haproxy.cfg's stick-tables) hold for both nodes together.</summary>
public sealed partial class TwoNodeTests
{
    [MultiNodeFact]
    public async Task Proxy_SignInPostsFromOneIpOverBothNodes_PastTheLimitAre429AndReachNoNode()
    {
        var cluster = await nodes.ClusterAsync();
        var proxy = cluster.Proxy;
        var member = cluster.Members[15];
        using var client = proxy.ClientFrom("127.0.0.7");
        var (form, antiforgeryCookie) = await ProxyFormAsync(client, member.Email);

        // No stickiness cookie is sent back: round robin hands the posts to both nodes in turn.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < NodeClusterFixture.ProxySignInRate; i++)
        {
            answers.Add(await PostThroughProxyAsync(client, form, antiforgeryCookie));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(["node1", "node2"], answers.Select(ServedBy).Distinct().Order());
        var counted = await SignInAuditCountAsync(cluster, member.Email);

        var refused = await PostThroughProxyAsync(client, form, antiforgeryCookie);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(300), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(counted, await SignInAuditCountAsync(cluster, member.Email)); // no node saw it
        // Another address is not held back by this one.
        using var neighbour = proxy.ClientFrom("127.0.0.8");
        var (neighbourForm, neighbourCookie) = await ProxyFormAsync(neighbour, member.Email);
        Assert.Equal(HttpStatusCode.OK, (await PostThroughProxyAsync(neighbour, neighbourForm, neighbourCookie)).StatusCode);
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact]
    public async Task Proxy_RequestsFromOneIpOverBothNodes_PastTheRateAre429()
    {
        var cluster = await nodes.ClusterAsync();
        using var client = cluster.Proxy.ClientFrom("127.0.0.9");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < NodeClusterFixture.ProxyRequestRate; i++)
        {
            answers.Add(await client.GetAsync(Routes.Liveness));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(["node1", "node2"], answers.Select(ServedBy).Distinct().Order());

        var refused = await client.GetAsync(Routes.Liveness);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
        Assert.Null(ServedBy(refused));
        using var neighbour = cluster.Proxy.ClientFrom("127.0.0.10");
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync(Routes.Liveness)).StatusCode);
    }

    /// <summary>The node haproxy chose, from the stickiness cookie it inserts (none on its own refusals).</summary>
    private static string? ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith("CMQNODE=", StringComparison.Ordinal)).Select(c => c["CMQNODE=".Length..]).FirstOrDefault()
            : null;

    private static async Task<(Dictionary<string, string> Form, string Cookie)> ProxyFormAsync(HttpClient client, string email)
    {
        var page = await client.GetAsync(Routes.SignIn);
        var html = await page.Content.ReadAsStringAsync();
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.Contains("antiforgery", StringComparison.OrdinalIgnoreCase));
        return (RecoveryWebFactory.FormFields(html, SignInForm.Fields(email, "Mauvais-mot-de-passe-1")), cookie);
    }

    private static async Task<HttpResponseMessage> PostThroughProxyAsync(HttpClient client, Dictionary<string, string> form, string cookie)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, Routes.SignIn) { Content = new FormUrlEncodedContent(form) };
        post.Headers.Add("Cookie", cookie);
        return await client.SendAsync(post);
    }

    private static async Task<int> SignInAuditCountAsync(NodeCluster cluster, string email)
    {
        await using var db = cluster.NewDbContext();
        var memberId = await db.Members.Where(m => m.Email == email).Select(m => m.Id).SingleAsync();
        return await db.AuditEvents.CountAsync(e => e.MemberId == memberId && (e.Kind == AuditKind.SignInFailed || e.Kind == AuditKind.SignInCaptchaRequired));
    }
}
