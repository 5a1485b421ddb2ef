using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Tests.EndToEnd;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// One address's per-IP budgets hold for both nodes together (issue 17, item 4): spent half on node A and half on
/// node B (picked with haproxy's stickiness cookie), the next attempt is refused on either. The app's windows are set
/// low here and the proxy's own per-IP rates high, so what refuses is the app's shared window, not haproxy.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "MultiNode")]
public sealed class SharedLimitsTests(BrowserFixture browser, SharedLimitsTests.Cluster nodes) : IClassFixture<SharedLimitsTests.Cluster>
{
    /// <summary>Per-IP budgets of this cluster: even, so half goes to each node.</summary>
    private const int Budget = 4;

    private static void AssertNoServerErrors(NodeCluster cluster) =>
        Assert.True(cluster.Nodes.All(n => n.ErrorLines.Count == 0), cluster.Diagnostics);

    [MultiNodeFact]
    public async Task SignInPosts_HalfOnEachNode_TheNextIsRefusedOnBoth()
    {
        var cluster = await nodes.ClusterAsync();
        using var attacker = new NodeBrowserlessClient(cluster, "127.0.0.31");
        foreach (var node in new[] { cluster.A, cluster.A, cluster.B, cluster.B })
        {
            Assert.Equal(HttpStatusCode.OK, (await attacker.SignInAsync(node, node, "inconnu@example.org", "Mauvais-mot-de-passe-1")).Status);
        }

        var audits = await SignInAuditCountAsync(cluster);

        var onA = await attacker.SignInAsync(cluster.A, cluster.A, "inconnu@example.org", "Mauvais-mot-de-passe-1");
        var onB = await attacker.SignInAsync(cluster.B, cluster.B, "inconnu@example.org", "Mauvais-mot-de-passe-1");

        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (onA.Status, onB.Status));
        Assert.Contains("Trop de tentatives. Réessayez dans 5 minutes.", onA.Html, StringComparison.Ordinal);
        Assert.Contains("Trop de tentatives. Réessayez dans 5 minutes.", onB.Html, StringComparison.Ordinal);
        Assert.Equal(audits, await SignInAuditCountAsync(cluster)); // neither node checked a password
        // Another address still has its whole budget on either node.
        using var neighbour = new NodeBrowserlessClient(cluster, "127.0.0.32");
        Assert.Equal(HttpStatusCode.OK, (await neighbour.SignInAsync(cluster.B, cluster.B, "voisin@example.org", "Mauvais-mot-de-passe-1")).Status);
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact(browser: true)]
    public async Task Identify_HalfOnEachNodeOverTheCircuit_TheNextIsRefusedOnBoth()
    {
        var cluster = await nodes.ClusterAsync();
        var member = cluster.Members[0];
        foreach (var node in new[] { cluster.A, cluster.A, cluster.B, cluster.B })
        {
            var ui = await DriverAsync(cluster, node);
            await ui.OpenRecoveryAsync();
            await ui.IdentifyAsync(member.UserCode);
            await Expect(ui.AnyQuestionField.First).ToBeVisibleAsync();
            await ui.Page.Context.CloseAsync();
        }

        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var ui = await DriverAsync(cluster, node);
            await ui.OpenRecoveryAsync();

            await ui.IdentifyAsync(member.UserCode);

            await Expect(ui.Alert("Trop de tentatives. Réessayez dans 10 minutes.")).ToBeVisibleAsync();
            await Expect(ui.AnyQuestionField.First).Not.ToBeVisibleAsync();
            await ui.Page.Context.CloseAsync();
        }

        AssertNoServerErrors(cluster);
    }

    private async Task<RecoveryDriver> DriverAsync(NodeCluster cluster, AppNode node)
    {
        var context = await cluster.NewContextAsync(browser.Browser, node);
        return new RecoveryDriver(await context.NewPageAsync(), app: null, UiText.French, cluster.Smtp);
    }

    private static async Task<int> SignInAuditCountAsync(NodeCluster cluster)
    {
        await using var db = cluster.NewDbContext();
        return await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.SignInFailed || e.Kind == AuditKind.SignInLockedOut);
    }

    /// <summary>This class's own two nodes, started on first use: the app's per-IP windows low, the proxy's rates out of the way.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private NodeCluster? _cluster;

        public async Task<NodeCluster> ClusterAsync()
        {
            await _gate.WaitAsync();
            try
            {
                var budget = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return _cluster ??= await NodeCluster.StartAsync(members: 1, proxy: (RequestRate: 1000, SignInRate: 1000), new Dictionary<string, string?>
                {
                    ["RateLimits:SignIn:PermitLimit"] = budget,
                    ["RateLimits:SignIn:Window"] = "00:05:00",
                    ["RateLimits:Identify:PermitLimit"] = budget,
                    ["RateLimits:Identify:Window"] = "00:10:00",
                });
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }
}
