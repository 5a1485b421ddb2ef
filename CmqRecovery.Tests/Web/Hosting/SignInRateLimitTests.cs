using CmqRecovery.Core.Data;
using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>Per-IP limit on sign-in posts (ASP.NET Core rate limiting): a 429 with Retry-After, before any work.</summary>
public sealed class SignInRateLimitTests
{
    private const int Limit = 3;

    private static Task<RunningApp> StartAsync(DatabaseProvider provider) => RunningApp.StartAsync(provider, new Dictionary<string, string?>
    {
        ["RateLimits:SignIn:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:SignIn:Window"] = "00:05:00",
    });

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient client) =>
        RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Stranger());

    [DatabaseTheory]
    public async Task PostSignIn_PastTheLimitFromOneIp_Is429WithRetryAfterWhileAnotherIpPasses(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        using var attacker = LoopbackClient.From("127.0.0.1", app.BaseUrl);
        using var neighbour = LoopbackClient.From("127.0.0.2", app.BaseUrl);
        var windowOpened = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostSignInAsync(attacker)).StatusCode);
        }

        var audits = await CountSignInAuditsAsync(app);

        var refused = await PostSignInAsync(attacker);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // Until the window that the first post opened ends (whole seconds, rounded up).
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromMinutes(5) - windowOpened.Elapsed, TimeSpan.FromMinutes(5));
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Trop de tentatives. Réessayez dans 5 minutes.", body);
        Assert.Contains("role=\"alert\"", body);
        Assert.Equal(audits, await CountSignInAuditsAsync(app)); // refused before SignInMember ran
        // The sign-in page itself (GET) stays open, and another address is not affected.
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/connexion")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostSignInAsync(neighbour)).StatusCode);
        Assert.Equal(audits + 1, await CountSignInAuditsAsync(app));
    }

    [DatabaseTheory]
    public async Task PostSignIn_PastTheLimitInEnglish_SaysSoInEnglish(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        using var client = LoopbackClient.From("127.0.0.3", app.BaseUrl);
        await client.GetAsync("/culture?c=en-CA&redirectUri=%2Fconnexion");
        for (var i = 0; i < Limit; i++)
        {
            await PostSignInAsync(client);
        }

        var refused = await PostSignInAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Too many attempts. Try again in 5 minutes.", await refused.Content.ReadAsStringAsync());
    }

    private static async Task<int> CountSignInAuditsAsync(RunningApp app)
    {
        await using var db = app.NewDbContext();
        return await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.SignInFailed || e.Kind == AuditKind.SignInLockedOut);
    }
}
