using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>
/// One agent's HTTP client between the app (127.0.0.1) and the Collège's provider (localhost): cookies kept per
/// site as a browser keeps them, every redirect followed by hand so each hop can be checked.
/// </summary>
public sealed class StaffOidcFlow : IDisposable
{
    public const string CookieName = "cmq.soutien";

    private readonly RunningApp _app;

    public StaffOidcFlow(RunningApp app, StaffIdentityProvider provider, CookieContainer? cookies = null)
    {
        _app = app;
        Provider = provider;
        Cookies = cookies ?? new CookieContainer();
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies })
        {
            BaseAddress = new Uri(app.BaseUrl),
        };
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    public StaffIdentityProvider Provider { get; }

    /// <summary>The console sent this client to the provider's authorization endpoint: that address.</summary>
    public async Task<Uri> ChallengeAsync(string path = "/soutien")
    {
        var challenge = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(Provider.Authority + "connect/authorize?", authorize.AbsoluteUri);
        return authorize;
    }

    /// <summary>The provider signs its current account in and sends the agent back: the callback's address (code, state).</summary>
    public async Task<Uri> AuthorizeAsync(Uri authorize)
    {
        var response = await Client.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var callback = response.Headers.Location!;
        Assert.StartsWith(_app.BaseUrl + "/soutien/signin-oidc?", callback.AbsoluteUri);
        return callback;
    }

    /// <summary>The whole sign-in from <paramref name="path"/>: the callback's response.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string path = "/soutien") =>
        await Client.GetAsync(await AuthorizeAsync(await ChallengeAsync(path)));

    public bool HasStaffCookie() =>
        Cookies.GetCookies(new Uri(_app.BaseUrl + "/soutien/")).Any(c => c.Name == CookieName);

    /// <summary>
    /// A refused sign-in: 403, no staff cookie, the console still challenges, and the audit holds no staff row but the
    /// <paramref name="signInsBefore"/> sign-ins that did succeed earlier in the test.
    /// </summary>
    public async Task AssertRefusedAsync(HttpResponseMessage callback, int signInsBefore = 0)
    {
        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.DoesNotContain(callback.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        Assert.False(HasStaffCookie());
        var console = await Client.GetAsync("/soutien");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.StartsWith(Provider.Authority, console.Headers.Location!.AbsoluteUri);
        await AssertStaffAuditAsync(_app, signInsBefore);
    }

    /// <summary>The staff rows of the audit are <paramref name="signIns"/> sign-ins and nothing else.</summary>
    public static async Task AssertStaffAuditAsync(RunningApp app, int signIns)
    {
        await using var db = app.NewDbContext();
        var kinds = await db.AuditEvents.Where(e => e.StaffId != null).Select(e => e.Kind).ToListAsync();
        Assert.Equal(Enumerable.Repeat(AuditKind.StaffSignedIn, signIns), kinds);
    }

    public void Dispose() => Client.Dispose();
}
