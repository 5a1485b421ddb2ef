using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>
/// Several app instances on one database, as the nodes behind haproxy are (and one started later with nothing in
/// memory, as after a restart): the same <c>sub</c> for a member, tokens one signs accepted by the other (keys from
/// configuration), and the clients synchronised once however many nodes start together.
/// </summary>
public sealed class OidcNodesTests
{
    private static readonly Lazy<(string Signing, string Encryption)> Keys =
        new(() => (TestCertificates.Create("oidc-nodes-signing"), TestCertificates.Create("oidc-nodes-encryption")));

    private static Dictionary<string, string?> NodeSettings(Action<Dictionary<string, string?>>? change = null)
    {
        var settings = OidcHttp.Settings();
        settings["Oidc:SigningCertificatePath"] = Keys.Value.Signing;
        settings["Oidc:SigningCertificatePassword"] = TestCertificates.Password;
        settings["Oidc:EncryptionCertificatePath"] = Keys.Value.Encryption;
        settings["Oidc:EncryptionCertificatePassword"] = TestCertificates.Password;
        change?.Invoke(settings);
        return settings;
    }

    private static RecoveryWebFactory Node(TestDatabase database, Dictionary<string, string?>? settings = null) =>
        RecoveryWebFactory.Over(database, "Development", _ => { }, settings ?? NodeSettings());

    private static async Task<(string Sub, string AccessToken)> SubjectAsync(RecoveryWebFactory node)
    {
        var client = new OidcHttp(node.CreateBrowser());
        var token = (await client.TokensAsync())["access_token"].GetString()!;
        return ((await client.UserInfoAsync(token))["sub"].GetString()!, token);
    }

    [DatabaseTheory]
    public async Task Subject_TwoNodesAndARestart_IsTheSameOpaqueValue(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, "oidc-nodes");
        await using var nodeA = Node(database);
        await using var nodeB = Node(database);
        var (onA, tokenFromA) = await SubjectAsync(nodeA);
        var (onB, _) = await SubjectAsync(nodeB);

        // A token signed by node A is good at node B: the same keys, from configuration.
        var atB = await new OidcHttp(nodeB.CreateBrowser()).UserInfoAsync(tokenFromA);
        // A node started later, with nothing in memory (no cached key), as after a restart.
        await using var restarted = Node(database);
        var (afterRestart, _) = await SubjectAsync(restarted);

        Assert.Equal(onA, onB);
        Assert.Equal(onA, atB["sub"].GetString());
        Assert.Equal(onA, afterRestart);
        await using var db = restarted.NewDbContext();
        var marie = await db.Members.SingleAsync(m => m.NormalizedEmail == Member.NormalizeEmail(DemoMembers.All[0].Email));
        foreach (var known in new[] { marie.Id.ToString(), marie.Id.ToString("N"), marie.UserCode, marie.Email })
        {
            Assert.DoesNotContain(known.ToLowerInvariant(), onA, StringComparison.Ordinal);
        }
    }

    [DatabaseTheory]
    public async Task Subject_TwoMembers_Differ(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, "oidc-subjects");
        await using var node = Node(database);
        var (marie, _) = await SubjectAsync(node);
        var julien = new OidcHttp(node.CreateBrowser());
        await julien.SignInAsync(member: 1);
        var (code, _) = await julien.AuthorizeAsync();
        var token = (await OidcHttp.ReadAsync(await julien.RedeemAsync(code!), HttpStatusCode.OK))["access_token"].GetString()!;

        Assert.NotEqual(marie, (await julien.UserInfoAsync(token))["sub"].GetString());
    }

    [DatabaseTheory]
    public async Task ClientSync_NodesStartingTogether_LeaveOneRowPerClient(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, "oidc-sync");
        await using var nodeA = Node(database);
        await using var nodeB = Node(database);
        _ = nodeA.Services; // started (migrated, synchronised) one after the other
        _ = nodeB.Services;

        // Then both synchronise at once, several times, as nodes restarted together by a deployment do.
        var syncs = new[] { nodeA, nodeB, nodeA, nodeB }
            .Select(node => node.Services.GetServices<IHostedService>().OfType<IHostedLifecycleService>()
                .Single(s => s.GetType().Name == "OidcClientSync"))
            .Select(sync => Task.Run(() => sync.StartingAsync(CancellationToken.None)));
        await Task.WhenAll(syncs);

        await using var db = nodeA.NewDbContext();
        var ids = await db.Set<OpenIddictEntityFrameworkCoreApplication>().Select(a => a.ClientId).OrderBy(id => id).ToListAsync();
        Assert.Equal([OidcHttp.ClientId, OidcHttp.ConfidentialId], ids);
        Assert.NotNull((await new OidcHttp(nodeB.CreateBrowser()).TokensAsync())["access_token"].GetString());
    }

    [DatabaseTheory]
    public async Task ClientSync_AnotherNodesRowLandsBetweenLookupAndCreate_ReadsItAndStarts(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, "oidc-sync-late");
        await using var first = Node(database);
        _ = first.Services;
        var race = new LateRows();

        // Each client's first lookup on this node says "none" although the first node's row is there: exactly what a
        // row landing between the lookup and CreateAsync looks like to this node (CI run 8: the node failed to start).
        await using var late = RecoveryWebFactory.Over(database, "Development", web => web.ConfigureServices(services =>
        {
            services.AddSingleton(race);
            services.AddOpenIddict().AddCore(core => core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, LateLookupManager>());
        }), NodeSettings());
        _ = late.Services;

        Assert.Equal([OidcHttp.ClientId, OidcHttp.ConfidentialId], race.Hidden.Order(StringComparer.Ordinal));
        await using var db = late.NewDbContext();
        var ids = await db.Set<OpenIddictEntityFrameworkCoreApplication>().Select(a => a.ClientId).OrderBy(id => id).ToListAsync();
        Assert.Equal([OidcHttp.ClientId, OidcHttp.ConfidentialId], ids);
        Assert.NotNull((await new OidcHttp(late.CreateBrowser()).TokensAsync())["access_token"].GetString());
    }

    /// <summary>The clients whose first lookup was answered "none".</summary>
    private sealed class LateRows
    {
        private readonly HashSet<string> _hidden = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Hidden
        {
            get
            {
                lock (_hidden)
                {
                    return [.. _hidden];
                }
            }
        }

        public bool HideOnce(string clientId)
        {
            lock (_hidden)
            {
                return _hidden.Add(clientId);
            }
        }
    }

    private sealed class LateLookupManager(
        IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
        ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
        IOptionsMonitor<OpenIddictCoreOptions> options,
        IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
        LateRows race) : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
    {
        public override ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default) =>
            race.HideOnce(identifier) ? ValueTask.FromResult<OpenIddictEntityFrameworkCoreApplication?>(null) : base.FindByClientIdAsync(identifier, cancellationToken);
    }

    [DatabaseTheory]
    public async Task ClientSync_ClientNoLongerConfigured_IsRemovedAtTheNextStart(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider, "oidc-sync-remove");
        await using var before = Node(database);
        _ = before.Services;

        await using var after = Node(database, NodeSettings(s =>
        {
            foreach (var key in s.Keys.Where(k => k.StartsWith("Oidc:Clients:1:", StringComparison.Ordinal)).ToList())
            {
                s.Remove(key);
            }
        }));
        _ = after.Services;

        await using var db = after.NewDbContext();
        Assert.Equal([OidcHttp.ClientId], await db.Set<OpenIddictEntityFrameworkCoreApplication>().Select(a => a.ClientId).ToListAsync());
    }
}
