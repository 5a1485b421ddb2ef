using System.Globalization;
using System.Linq.Expressions;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// Two app processes on one fresh PostgreSQL database (a schema of the tests' database), mailing a real SMTP server in
/// the test process, behind the repository's haproxy example with TLS. Environment "Testing" (so
/// <c>Captcha:TestCode</c> works), which is otherwise production: HTTPS-only __Host- cookies, JSON logs, the key ring
/// encrypted with a certificate, a pepper; only the PBKDF2 count is cheap and the app's own per-IP limits are raised
/// (every test client is a loopback address). Tests reach a chosen node through the proxy with its stickiness cookie
/// (<see cref="AppNode.Route"/>), as a browser that landed there does. Members are enrolled before the nodes start by
/// the real use case in a Core host over the same database, which stays open for the tests' queries.
/// </summary>
public sealed class NodeCluster : IAsyncDisposable
{
    private NodeCluster(TestDatabase database, SmtpTestServer smtp, CoreTestHost core, IReadOnlyList<NewMember> members)
    {
        Database = database;
        Smtp = smtp;
        Core = core;
        Members = members;
    }

    public TestDatabase Database { get; }

    public SmtpTestServer Smtp { get; }

    /// <summary>The Core services over the nodes' database (no sender runs in it): for the tests' own queries.</summary>
    public CoreTestHost Core { get; }

    public IReadOnlyList<NewMember> Members { get; }

    public List<AppNode> Nodes { get; } = [];

    public AppNode A => Nodes[0];

    public AppNode B => Nodes[1];

    public HaproxyProcess Proxy { get; private set; } = null!;

    /// <summary>What every node was started with (configuration keys, as in appsettings).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    public RecoveryDbContext NewDbContext() => Core.NewDbContext();

    /// <param name="members">How many members to enrol (<see cref="MemberFor"/>), each with the demo answers and password.</param>
    /// <param name="proxy">haproxy's per-client-IP rates (deploy/haproxy.cfg's CMQ_REQUEST_RATE and CMQ_SIGNIN_RATE).</param>
    public static async Task<NodeCluster> StartAsync(
        int members, (int RequestRate, int SignInRate) proxy, IDictionary<string, string?>? settings = null)
    {
        var smtp = await SmtpTestServer.StartAsync();
        var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSql, "nodes");
        CoreTestHost? core = null;
        NodeCluster? cluster = null;
        try
        {
            var proxyPort = LoopbackPort.Free();
            var shared = new Dictionary<string, string?>(TestHostSettings.For(database))
            {
                ["Smtp:Host"] = smtp.Host,
                ["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
                ["Smtp:Security"] = "None",
                // Both senders poll often, so they really do compete for the same rows.
                ["Smtp:PollInterval"] = "00:00:00.200",
                ["Recovery:PublicBaseUrl"] = $"https://localhost:{proxyPort.ToString(CultureInfo.InvariantCulture)}",
                // The secrets kept outside the database, as in production: the key ring's certificate and the pepper.
                ["DataProtection:CertificatePath"] = TestCertificates.SharedPath,
                ["DataProtection:CertificatePassword"] = TestCertificates.Password,
                ["Hashing:AnswerPepper"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                shared[key] = value;
            }

            // Enrol with the real use case, on the real clock (the nodes' clock), before any node runs: the nodes
            // then find the schema migrated and the key ring made, as a second node finds them in production.
            core = await CoreTestHost.StartAsync(database, shared, s => s.AddSingleton(TimeProvider.System));
            var enrolled = Enumerable.Range(0, members).Select(MemberFor).ToList();
            foreach (var member in enrolled)
            {
                await core.Get<CreateMember>().ExecuteAsync(member);
            }

            cluster = new NodeCluster(database, smtp, core, enrolled) { Settings = shared };
            var folder = await PublishedWeb.FolderAsync();
            // Both at once, as an orchestrator starts them.
            var a = AppNode.StartAsync("node A", "node1", folder, shared);
            var b = AppNode.StartAsync("node B", "node2", folder, shared);
            await Task.WhenAll(a.ContinueWith(_ => { }), b.ContinueWith(_ => { }));
            foreach (var started in new[] { a, b })
            {
                if (started.IsCompletedSuccessfully)
                {
                    cluster.Nodes.Add(started.Result);
                }
            }

            if (cluster.Nodes.Count != 2)
            {
                await Task.WhenAll(a, b); // rethrows the start failure
            }

            cluster.Proxy = await HaproxyProcess.StartAsync(proxyPort, cluster.Nodes, proxy.RequestRate, proxy.SignInRate);

            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                if (core is not null)
                {
                    await core.DisposeAsync();
                }

                await database.DisposeAsync();
                await smtp.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The i-th enrolled member: a physician's permit number 6xxxx and an address of their own.</summary>
    public static NewMember MemberFor(int index) => new(
        $"Membre {index.ToString(CultureInfo.InvariantCulture)}",
        (60000 + index).ToString(CultureInfo.InvariantCulture),
        $"membre{index.ToString(CultureInfo.InvariantCulture)}@example.org",
        DemoMembers.Password,
        DemoMembers.Answers);

    /// <summary>
    /// Waits (bounded) until exactly <paramref name="expectedRows"/> queued mails match and all are marked sent: a
    /// sender marks a row only after the SMTP server took it, so then the server's count for them is final.
    /// </summary>
    public async Task WaitForOutboxSentAsync(Expression<Func<OutboxMessage, bool>> match, int expectedRows, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var db = NewDbContext();
            var sent = await db.OutboxMessages.Where(match).Select(m => m.SentAt != null).ToListAsync();
            if (sent.Count == expectedRows && sent.All(s => s))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Outbox: {sent.Count} matching rows ({sent.Count(s => s)} sent), expected {expectedRows} all sent.\n{Diagnostics}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Node output for a failing test's message.</summary>
    public string Diagnostics => string.Join("\n\n", Nodes.Select(n => $"--- {n.Name} (exited: {n.HasExited})\n{n.RecentOutput}"))
        + (Proxy is null ? "" : $"\n\n--- haproxy\n{Proxy.RecentOutput}");

    /// <summary>
    /// A browser context (own cookies, French Canadian) at the proxy's https address, pinned to <paramref name="node"/>
    /// by haproxy's stickiness cookie, or left to the proxy's round robin when null.
    /// </summary>
    public async Task<Microsoft.Playwright.IBrowserContext> NewContextAsync(Microsoft.Playwright.IBrowser browser, AppNode? node)
    {
        var context = await browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions
        {
            BaseURL = Proxy.BaseUrl,
            Locale = "fr-CA",
            IgnoreHTTPSErrors = true, // the proxy's certificate is self-signed
            ViewportSize = new Microsoft.Playwright.ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        if (node is not null)
        {
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie
            {
                Name = HaproxyProcess.StickinessCookie, Value = node.Route, Domain = "localhost", Path = "/", Secure = true, HttpOnly = true,
            }]);
        }

        return context;
    }

    /// <summary>
    /// One recovery page with its circuit (the captcha drawn) on each node in turn, before a test's timed work. /readyz
    /// says a node can serve; its first page and circuit still JIT-compile the whole path (Razor and MudBlazor
    /// rendering, the hub, the captcha's drawing), seconds of CPU that, on 2 cores, several browsers arriving at once
    /// would otherwise wait for together.
    /// </summary>
    public async Task WarmUpAsync(Microsoft.Playwright.IBrowser browser)
    {
        foreach (var node in Nodes)
        {
            var context = await NewContextAsync(browser, node);
            try
            {
                await new EndToEnd.RecoveryDriver(await context.NewPageAsync(), app: null, EndToEnd.UiText.French, Smtp).OpenRecoveryAsync();
            }
            finally
            {
                await context.CloseAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Core.DisposeAsync();
        await Database.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
