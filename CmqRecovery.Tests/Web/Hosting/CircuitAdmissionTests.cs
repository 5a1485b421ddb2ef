using System.Diagnostics;
using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using CmqRecovery.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// Who may open a connection to the circuit hub, and how many per client address: real WebSockets on a real Kestrel
/// port, from distinct loopback addresses (docs/SECURITY.md, "What one address can do").
/// </summary>
public sealed class CircuitAdmissionTests
{
    private const string Foreign = "https://evil.example";

    [Fact]
    public async Task CircuitWebSocket_ForeignOrigin_Refused403AndNothingCounted()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite);

        var (hub, status) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.31", Foreign);

        Assert.Null(hub);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(0, app.Services.GetRequiredService<CircuitPlaces>().Total);
    }

    [Fact]
    public async Task CircuitWebSocket_NoOrigin_Refused403()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite);

        var (hub, status) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.32", origin: null);

        Assert.Null(hub);
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task CircuitWebSocket_OwnOriginOrAConfiguredOne_ConnectsAndIsCounted()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Circuits:AllowedOrigins:0"] = "https://Recuperation.CMQ.org",
        });

        var (own, ownStatus) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.33", app.BaseUrl);
        var (configured, configuredStatus) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.33", "https://recuperation.cmq.org");
        using (own)
        using (configured)
        {
            Assert.Equal((HttpStatusCode.SwitchingProtocols, HttpStatusCode.SwitchingProtocols), (ownStatus, configuredStatus));
            Assert.Equal("{}", await own!.HandshakeAsync());
            Assert.Equal("{}", await configured!.HandshakeAsync());
            // The node answers the handshake, then counts the connection.
            await WaitUntilAsync(() => app.Services.GetRequiredService<CircuitPlaces>().Count("127.0.0.33") == 2);
        }
    }

    [Fact]
    public async Task CircuitNegotiate_ForeignOrigin_Refused403()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite);
        using var http = LoopbackClient.From("127.0.0.34", app.BaseUrl);
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", Foreign);
        // What Chromium sends from our own pages under their no-referrer policy.
        using var own = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", "null");

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task CircuitWebSocket_EleventhFromOneAddress_RefusedWhileAnotherAddressConnects()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite);
        var places = app.Services.GetRequiredService<CircuitPlaces>();
        var held = new List<CircuitHubSocket>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var (hub, status) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.35", app.BaseUrl);
                Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
                held.Add(hub!);
                Assert.Equal("{}", await hub!.HandshakeAsync());
            }

            await WaitUntilAsync(() => places.Count("127.0.0.35") == 10); // counted just after the handshake's answer
            var (eleventh, refused) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.35", app.BaseUrl);
            var (neighbour, accepted) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.36", app.BaseUrl);
            using (neighbour)
            {
                Assert.Null(eleventh);
                Assert.Equal(HttpStatusCode.TooManyRequests, refused);
                Assert.Equal(HttpStatusCode.SwitchingProtocols, accepted);
                Assert.Equal("{}", await neighbour!.HandshakeAsync());
                await WaitUntilAsync(() => places.Count("127.0.0.36") == 1);
                Assert.Equal(10, places.Count("127.0.0.35"));
            }
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task CircuitWebSocket_ClosedConnection_FreesItsPlace()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Circuits:MaxPerClient"] = "2" });
        var places = app.Services.GetRequiredService<CircuitPlaces>();
        var (first, _) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.37", app.BaseUrl);
        var (second, _) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.37", app.BaseUrl);
        using (first)
        using (second)
        {
            await first!.HandshakeAsync();
            await second!.HandshakeAsync();
            await WaitUntilAsync(() => places.Count("127.0.0.37") == 2);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.37", app.BaseUrl)).Status);

            await first.CloseAsync();
            await WaitUntilAsync(() => places.Count("127.0.0.37") == 1);

            var (third, status) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.37", app.BaseUrl);
            using (third)
            {
                Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
            }
        }
    }

    /// <summary>The HTTP check lets through sockets opened before any of them counted; the hub's own count still
    /// holds at its handshake.</summary>
    [Fact]
    public async Task CircuitWebSocket_SocketsOpenedTogetherPastTheShare_OnlyTheShareIsKept()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Circuits:MaxPerClient"] = "3" });
        var places = app.Services.GetRequiredService<CircuitPlaces>();
        var sockets = new List<CircuitHubSocket>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                sockets.Add((await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.38", app.BaseUrl)).Hub!);
            }

            foreach (var socket in sockets)
            {
                await socket.HandshakeAsync();
            }

            var endings = sockets.Select(s => s.EndedByNodeAsync()).ToList();
            await Task.WhenAny(Task.WhenAll(endings), Task.Delay(TimeSpan.FromSeconds(5)));

            Assert.Equal(2, endings.Count(e => e.IsCompleted));
            Assert.Equal(3, places.Count("127.0.0.38"));
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task GetRecoveryPage_AddressHoldsItsShare_ShowsTooManyOpenPagesWithoutACircuit()
    {
        await using var app = await RunningApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Circuits:MaxPerClient"] = "1" });
        var (hub, _) = await CircuitHubSocket.OpenAsync(app.BaseUrl, "127.0.0.39", app.BaseUrl);
        using (hub)
        {
            await hub!.HandshakeAsync();
            await WaitUntilAsync(() => app.Services.GetRequiredService<CircuitPlaces>().Count("127.0.0.39") == 1);
            using var full = LoopbackClient.From("127.0.0.39", app.BaseUrl);
            using var english = new HttpRequestMessage(HttpMethod.Get, Routes.Recovery);
            english.Headers.AcceptLanguage.ParseAdd("en-CA");

            var french = await full.GetAsync(Routes.Recovery);
            var inEnglish = await full.SendAsync(english);
            var other = await LoopbackClient.From("127.0.0.40", app.BaseUrl).GetAsync(Routes.Recovery);

            Assert.Equal(HttpStatusCode.TooManyRequests, french.StatusCode);
            var frenchPage = WebUtility.HtmlDecode(await french.Content.ReadAsStringAsync());
            Assert.Contains("Fermez les autres onglets de ce site, puis rechargez cette page.", frenchPage, StringComparison.Ordinal);
            Assert.DoesNotContain("Blazor", frenchPage, StringComparison.Ordinal); // no circuit markers, no script
            Assert.Contains("Close the other tabs of this site, then reload this page.", WebUtility.HtmlDecode(await inEnglish.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Contains("<!--Blazor:", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_AllowedOriginThatIsNotAnOrigin_RefusesAndNamesTheSetting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => RunningApp.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Circuits:AllowedOrigins:0"] = "recuperation.cmq.org",
        }));

        Assert.Contains("Circuits:AllowedOrigins", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultPerNode_TwoGigabytes_HalfOfItAtOneMegabytePerCircuit() =>
        Assert.Equal(1024, CircuitPlaces.DefaultPerNode(2L * 1024 * 1024 * 1024));

    // Bounded: the node takes a place just after answering the handshake, and gives it back when it sees the close.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "The count did not reach what was expected within 10 s.");
            await Task.Delay(50);
        }
    }
}
