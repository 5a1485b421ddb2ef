using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// Issue 17, item 1: a stranger's five wrong passwords queue a notice for a member whose relay refuses the address,
/// or is down. Mail is shared by every node, so it must never make them unready: haproxy would take them all out.
/// Two real nodes behind deploy/haproxy.cfg, which checks /readyz every 2 s and marks a node DOWN after 2 failures.
/// </summary>
[Trait("Category", "MultiNode")]
public sealed class MailOutageTests
{
    /// <summary>The bound readiness used to apply (Health:MaxPendingMailAge), set short as in the issue's reproduction.</summary>
    private static readonly TimeSpan FormerBound = TimeSpan.FromSeconds(5);

    /// <summary>How long past the former bound the pages are watched: more than haproxy needs to mark a node DOWN.</summary>
    private static readonly TimeSpan WatchPastTheBound = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [MultiNodeFact]
    public async Task Nodes_RelayRefusesThenIsDown_PagesAndReadinessStayUpAndTheRefusedMailIsAbandonedOnce()
    {
        await using var cluster = await NodeCluster.StartAsync(members: 2, (RequestRate: 300, SignInRate: 50), new Dictionary<string, string?>
        {
            ["Health:MaxPendingMailAge"] = $"00:00:{FormerBound.TotalSeconds:00}",
            ["Smtp:FirstRetryDelay"] = "00:00:01",
            ["Smtp:MaxRetryDelay"] = "00:00:02",
        });
        var (bounced, stranded) = (cluster.Members[0], cluster.Members[1]);
        cluster.Smtp.Refuse(bounced.Email, 550);
        await using var watch = PageWatch.Start(cluster);

        // The relay refuses the address: the notice is given up after its one attempt, by whichever node took it.
        await WrongPasswordsAsync(cluster, "127.0.0.61", bounced.Email);
        var bouncedId = await MemberIdAsync(cluster, bounced.Email);
        var abandoned = await WaitForRowAsync(cluster, bouncedId, m => m.NextAttemptAt == DeliverOutbox.Never);
        Assert.Equal(1, abandoned.Attempts);
        Assert.Null(abandoned.SentAt);
        Assert.Null(abandoned.ProtectedTextBody);
        Assert.StartsWith("SMTP 550:", abandoned.LastError);
        Assert.DoesNotContain(bounced.Email, abandoned.LastError, StringComparison.OrdinalIgnoreCase);

        // Then the relay goes down: the next member's notice stays pending, retried with backoff, past the old bound.
        await cluster.Smtp.StopAsync();
        await WrongPasswordsAsync(cluster, "127.0.0.62", stranded.Email);
        var strandedId = await MemberIdAsync(cluster, stranded.Email);
        var pending = await WaitForRowAsync(cluster, strandedId, m => m.Attempts >= 2);
        var stuckUntil = pending.CreatedAt + FormerBound + WatchPastTheBound;
        await Task.Delay(stuckUntil - DateTimeOffset.UtcNow is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        var stillPending = await WaitForRowAsync(cluster, strandedId, m => true);
        Assert.Null(stillPending.SentAt);
        Assert.NotEqual(DeliverOutbox.Never, stillPending.NextAttemptAt);
        Assert.True(DateTimeOffset.UtcNow - stillPending.CreatedAt > FormerBound + WatchPastTheBound);

        var seen = await watch.StopAsync();
        Assert.True(seen.Count >= 20, $"Only {seen.Count} checks were made.\n{cluster.Diagnostics}");
        Assert.True(seen.All(s => s.Status == HttpStatusCode.OK),
            $"Not every page or probe answered 200:\n{string.Join('\n', seen.Where(s => s.Status != HttpStatusCode.OK))}\n{cluster.Diagnostics}");

        // Refused once in all: neither node tried the abandoned mail again.
        Assert.Equal(1, cluster.Smtp.RefusalsOf(bounced.Email));
        await using var db = cluster.NewDbContext();
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.MailAbandoned && e.MemberId == bouncedId));
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.MailAbandoned && e.MemberId == strandedId));

        // Neither address in what the nodes logged (both logged the failures: Warning and Error lines).
        var output = string.Join('\n', cluster.Nodes.Select(n => n.RecentOutput));
        Assert.Contains("abandoned (Permanent)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(bounced.Email, output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(stranded.Email, output, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Five anonymous wrong passwords for <paramref name="email"/>, alternating nodes: the fifth queues the notice.</summary>
    private static async Task WrongPasswordsAsync(NodeCluster cluster, string fromAddress, string email)
    {
        using var stranger = new NodeBrowserlessClient(cluster, fromAddress);
        for (var i = 0; i < 5; i++)
        {
            var node = i % 2 == 0 ? cluster.A : cluster.B;
            var post = await stranger.SignInAsync(node, node, email, SignInForm.WrongPassword);
            Assert.Equal(HttpStatusCode.OK, post.Status);
        }
    }

    private static async Task<Guid> MemberIdAsync(NodeCluster cluster, string email)
    {
        await using var db = cluster.NewDbContext();
        return await db.Members.Where(m => m.Email == email).Select(m => m.Id).SingleAsync();
    }

    /// <summary>Waits (bounded) for the member's sign-in notice row to satisfy <paramref name="done"/>.</summary>
    private static async Task<OutboxMessage> WaitForRowAsync(NodeCluster cluster, Guid memberId, Func<OutboxMessage, bool> done)
    {
        var kind = MailKinds.Notice(MemberNotice.SignInCaptcha);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using (var db = cluster.NewDbContext())
            {
                var row = await db.OutboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.MemberId == memberId && m.Kind == kind);
                if (row is not null && done(row))
                {
                    return row;
                }

                if (deadline.Elapsed > Bound)
                {
                    throw new TimeoutException($"Notice row: {(row is null ? "none" : $"{row.Attempts} attempts, next {row.NextAttemptAt:O}, error {row.LastError}")}\n{cluster.Diagnostics}");
                }
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Watches, four times a second until stopped, what an outage would show: each node's /readyz (as haproxy
    /// checks it) and the sign-in page through the proxy (from an address of its own, under the proxy's rate).
    /// </summary>
    private sealed class PageWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<Seen> _seen = new();
        private Task _running = Task.CompletedTask;

        public static PageWatch Start(NodeCluster cluster)
        {
            var watch = new PageWatch();
            watch._running = Task.Run(() => watch.RunAsync(cluster));
            return watch;
        }

        public async Task<IReadOnlyList<Seen>> StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
            return [.. _seen];
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }

        private async Task RunAsync(NodeCluster cluster)
        {
            using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var visitor = cluster.Proxy.ClientFrom("127.0.0.63");
            visitor.Timeout = TimeSpan.FromSeconds(10);
            while (!_stop.IsCancellationRequested)
            {
                foreach (var node in cluster.Nodes)
                {
                    await CheckAsync($"{node.Name} /readyz", () => direct.GetAsync($"{node.BaseUrl}{Routes.Readiness}"));
                }

                await CheckAsync("proxy /connexion", () => visitor.GetAsync(Routes.SignIn));
                try
                {
                    await Task.Delay(250, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private async Task CheckAsync(string what, Func<Task<HttpResponseMessage>> get)
        {
            try
            {
                using var response = await get();
                _seen.Enqueue(new Seen(DateTimeOffset.UtcNow, what, response.StatusCode));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // No answer at all counts as an outage too.
                _seen.Enqueue(new Seen(DateTimeOffset.UtcNow, $"{what}: {ex.GetType().Name}", HttpStatusCode.ServiceUnavailable));
            }
        }
    }

    private sealed record Seen(DateTimeOffset At, string What, HttpStatusCode Status);
}
