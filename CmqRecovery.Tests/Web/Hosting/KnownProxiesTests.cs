using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// X-Forwarded-For names the client only when it comes from a configured proxy; from anyone else it is a forgery
/// and the connection's own address is the client (in the limits and in the audit).
/// </summary>
public sealed class KnownProxiesTests
{
    private const string Proxy = "127.0.0.7";
    private const string Stranger = "127.0.0.8";
    private const string RealClient = "203.0.113.50";

    private static Task<RunningApp> StartAsync(DatabaseProvider provider) =>
        RunningApp.StartAsync(provider, new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = Proxy });

    [DatabaseTheory]
    public async Task SignIn_ForwardedForFromAnUnknownSender_IsIgnored(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);

        var audited = await FailSignInAsync(app, from: Stranger, forwardedFor: RealClient);

        Assert.Equal(await IpHashAsync(app, Stranger), audited);
    }

    [DatabaseTheory]
    public async Task SignIn_ForwardedForFromTheKnownProxy_IsTheClientAndOnlyItsOwnHopCounts(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);

        // The client may write its own X-Forwarded-For; the proxy appends the address it saw: only that one counts.
        var audited = await FailSignInAsync(app, from: Proxy, forwardedFor: $"198.51.100.1, {RealClient}");

        Assert.Equal(await IpHashAsync(app, RealClient), audited);
    }

    [DatabaseTheory]
    public async Task SignIn_NoProxyConfigured_IgnoresForwardedForEvenFromLoopback(DatabaseProvider provider)
    {
        await using var app = await RunningApp.StartAsync(provider);

        var audited = await FailSignInAsync(app, from: "127.0.0.1", forwardedFor: RealClient);

        Assert.Equal(await IpHashAsync(app, "127.0.0.1"), audited);
    }

    private static async Task<string?> FailSignInAsync(RunningApp app, string from, string forwardedFor)
    {
        using var client = LoopbackClient.From(from, app.BaseUrl);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Stranger());
        await using var db = app.NewDbContext();
        return await db.AuditEvents.Where(e => e.Kind == AuditKind.SignInFailed).Select(e => e.ClientIpHash).SingleAsync();
    }

    private static Task<string> IpHashAsync(RunningApp app, string ip) =>
        app.Services.GetRequiredService<ServerKeys>().HashAsync(ServerKeys.ClientIp, ip);
}
