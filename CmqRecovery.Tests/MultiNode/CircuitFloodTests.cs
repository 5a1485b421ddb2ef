using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CmqRecovery.Tests.EndToEnd;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Tests.Web.Hosting;
using CmqRecovery.Web;
using Xunit.Abstractions;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// What one address can do through deploy/haproxy.cfg (issue 17, item 2): hold circuits and connections, reach the
/// sign-in path under other spellings, and put a reset link's token in the proxy's log. Each HTTP client comes from its
/// own loopback address, so the proxy's per-IP counters are its own.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "MultiNode")]
public sealed class CircuitFloodTests(BrowserFixture browser, NodeClusterFixture nodes, ITestOutputHelper output) : IClassFixture<NodeClusterFixture>
{
    [MultiNodeFact]
    public async Task Proxy_SignInPostsSpelledOtherwise_CountAgainstTheSignInRate()
    {
        var cluster = await nodes.ClusterAsync();
        using var client = cluster.Proxy.ClientFrom("127.0.0.51");
        string[] spellings = ["/CONNEXION", "/connexio%6E", "/connexion/", "/Connexion"];
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < NodeClusterFixture.ProxySignInRate; i++)
        {
            answers.Add((await client.PostAsync(spellings[i % spellings.Length], new FormUrlEncodedContent([]))).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, answers);

        var refused = await client.PostAsync("/connexio%6E/", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(300), refused.Headers.RetryAfter?.Delta);
    }

    [MultiNodeFact]
    public async Task Proxy_PathTheNodeWouldResolve_Refused400()
    {
        var cluster = await nodes.ClusterAsync();
        using var client = cluster.Proxy.ClientFrom("127.0.0.52");

        foreach (var path in new[] { "//connexion", "/x/../connexion", "/./connexion", "/x/%2E%2E/connexion" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(path, new FormUrlEncodedContent([]))).StatusCode);
        }
    }

    [MultiNodeFact]
    public async Task Proxy_ResetLinksInAnySpelling_TokenNeverInTheLog()
    {
        var cluster = await nodes.ClusterAsync();
        using var client = cluster.Proxy.ClientFrom("127.0.0.53");
        var tokens = Enumerable.Range(0, 4).Select(i => $"jeton{i}{Guid.NewGuid():N}").ToList();
        string[] prefixes = ["/reinitialisation/", "/REINITIALISATION/", "/reinitialisatio%6E/", "/reinitialisation%2F"];

        for (var i = 0; i < tokens.Count; i++)
        {
            await client.GetAsync($"{prefixes[i]}{Guid.NewGuid()}/{tokens[i]}");
        }

        // haproxy writes a request's line when it ends: bounded wait for the four.
        var clock = Stopwatch.StartNew();
        while (Count(cluster.Proxy.RecentOutput, "/reinitialisation/-") < tokens.Count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), cluster.Proxy.RecentOutput);
            await Task.Delay(100);
        }

        Assert.All(tokens, t => Assert.DoesNotContain(t, cluster.Proxy.RecentOutput, StringComparison.OrdinalIgnoreCase));
    }

    [MultiNodeFact]
    public async Task Proxy_ConnectionsFromOneIpPastTheCap_AreClosedWhileAnotherIpConnects()
    {
        var cluster = await nodes.ClusterAsync();
        var sockets = new List<Socket?>();
        try
        {
            // All opened before any is used: haproxy counts each when it accepts it, in whatever order its threads
            // take them, so which one is refused is not known; how many is. A refusal may already reset the connect.
            for (var i = 0; i <= HaproxyProcess.ConnectionsPerIp; i++)
            {
                try
                {
                    sockets.Add(await ConnectAsync("127.0.0.54", cluster.Proxy.Port));
                }
                catch (SocketException)
                {
                    sockets.Add(null);
                }
            }

            var handshakes = new List<bool>();
            foreach (var socket in sockets)
            {
                handshakes.Add(socket is not null && await TlsHandshakeSucceedsAsync(socket));
            }

            using var neighbour = cluster.Proxy.ClientFrom("127.0.0.55");

            Assert.Equal((HaproxyProcess.ConnectionsPerIp, 1), (handshakes.Count(h => h), handshakes.Count(h => !h)));
            Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync(Routes.Liveness)).StatusCode);
        }
        finally
        {
            sockets.ForEach(s => s?.Dispose());
        }
    }

    /// <summary>
    /// Issue 17's figure: on a quiet machine a member recovers within 10 s during the flood. On a machine loaded by
    /// other work the same journey takes longer without any flood (9.7 s seen), so the bound is relative to that
    /// journey measured just before, in the same run: the flood may cost at most half as much again as the machine's
    /// own pace, and never has to beat 10 s. Without the circuit cap the flood's circuits take the nodes' memory and
    /// threads; that shows as the held count (at most 10 per node) and as the recovery's time.
    /// </summary>
    [MultiNodeFact(browser: true)]
    public async Task CircuitFlood_OneIpOpensCircuitsInALoop_AMemberStillRecoversWithinTheQuietPace()
    {
        var cluster = await nodes.ClusterAsync();
        // The nodes' and the browser's first journey is cold (24 to 41 s seen, against 11 to 20 s warm): a bound made
        // from it would let a flood through. So one journey unmeasured, then the same journey without the flood: how
        // long this machine takes anyway, right now.
        await RecoverAsync(cluster, cluster.Members[2]);
        var quiet = await RecoverAsync(cluster, cluster.Members[1]);
        var bound = TimeSpan.FromTicks(Math.Max(QuietMachineBound.Ticks, (long)(quiet.Ticks * FloodSlowdownAllowed)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var flood = Task.Run(() => FloodAsync(cluster.Proxy.BaseUrl, "127.0.0.56", attempts: 400, stop.Token));

        var took = await RecoverAsync(cluster, cluster.Members[0]);
        await stop.CancelAsync();
        var (held, refused) = await flood;
        output.WriteLine($"recovery without the flood {quiet}, during it {took} (bound {bound}); {held} circuits held, {refused} refused");

        // Ten per node at most (two nodes), whatever the number of attempts.
        Assert.InRange(held, 1, 20);
        Assert.True(refused > 0, "the flood was never refused");
        Assert.True(cluster.Nodes.All(n => n.ErrorLines.Count == 0), cluster.Diagnostics);
        Assert.True(took <= bound, $"the recovery took {took} during the flood, more than {bound} ({quiet} without it; {held} circuits held, {refused} refused)");
    }

    /// <summary>The figure: the whole recovery during the flood, on a quiet machine.</summary>
    private static readonly TimeSpan QuietMachineBound = TimeSpan.FromSeconds(10);

    /// <summary>How much slower than the same journey without the flood, measured in the same run, the flood may make it.</summary>
    private const double FloodSlowdownAllowed = 1.5;

    /// <summary>A member's whole recovery in Chromium through the proxy, from the first page to the new password.</summary>
    private async Task<TimeSpan> RecoverAsync(NodeCluster cluster, CmqRecovery.Core.Members.NewMember member)
    {
        var context = await cluster.NewContextAsync(browser.Browser, node: null);
        try
        {
            var driver = new RecoveryDriver(await context.NewPageAsync(), app: null, UiText.French, cluster.Smtp);
            var clock = Stopwatch.StartNew();
            await driver.OpenRecoveryAsync();
            var link = await driver.RequestResetLinkAsync(member.UserCode, member.Email);
            await driver.Page.GotoAsync(link.Url.ToString());
            await driver.AnswerQuestionsAsync();
            await driver.ChoosePasswordAsync(Journey.NewPassword);
            await driver.ExpectDoneAsync(member.Email, Journey.NewPassword);
            return clock.Elapsed;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>Opens circuit connections one after another and holds those the nodes accept.</summary>
    private static async Task<(int Opened, int Refused)> FloodAsync(string baseUrl, string from, int attempts, CancellationToken stop)
    {
        var held = new List<CircuitHubSocket>();
        var refused = 0;
        try
        {
            for (var i = 0; i < attempts && !stop.IsCancellationRequested; i++)
            {
                var (hub, _) = await CircuitHubSocket.OpenAsync(baseUrl, from, baseUrl);
                if (hub is null)
                {
                    refused++;
                    continue;
                }

                held.Add(hub);
                await hub.HandshakeAsync();
            }

            // A socket the node accepted, then closed at its handshake (a race with the HTTP check), was refused too.
            var ended = await Task.WhenAll(held.Select(h => h.EndedAlreadyAsync()));
            return (ended.Count(e => !e), refused + ended.Count(e => e));
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    private static async Task<Socket> ConnectAsync(string from, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>Whether the proxy completes TLS on this connection (it refuses past the cap by closing it).</summary>
    private static async Task<bool> TlsHandshakeSucceedsAsync(Socket socket)
    {
        try
        {
            await using var tls = new System.Net.Security.SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false,
                (_, _, _, _) => true); // the test proxy's self-signed certificate
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private static int Count(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
