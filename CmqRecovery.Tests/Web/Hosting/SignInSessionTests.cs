using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// The sign-in cookie names a server-side session: « Se déconnecter » revokes it, so a copy of the cookie stops
/// working, and it ends SignIn:SessionLifetime after sign-in however active the member is.
/// </summary>
public sealed class SignInSessionTests
{
    private static async Task<string> SignInCookieAsync(HttpClient client)
    {
        var response = await RecoveryWebFactory.PostFormAsync(client, "/connexion", SignInForm.Fields(DemoMembers.All[0].Email, DemoMembers.Password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cmq.connexion=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>Another browser (no cookie jar) presenting the copied cookie.</summary>
    private static async Task<HttpStatusCode> AccountWithCopiedCookieAsync(WebApplicationFactory<Program> factory, string cookie)
    {
        using var stranger = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/mon-compte");
        request.Headers.Add("Cookie", cookie);
        return (await stranger.SendAsync(request)).StatusCode;
    }

    [DatabaseTheory]
    public async Task SignOut_CopiedCookieUsedAfterwards_IsRefused(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var client = factory.CreateBrowser();
        var cookie = await SignInCookieAsync(client);
        Assert.Equal(HttpStatusCode.OK, await AccountWithCopiedCookieAsync(factory, cookie));

        var signOut = await RecoveryWebFactory.PostFormAsync(client, "/mon-compte", new Dictionary<string, string>(), "/deconnexion");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await AccountWithCopiedCookieAsync(factory, cookie));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContextAsync();
        var session = await db.SignInSessions.SingleAsync();
        Assert.NotNull(session.RevokedAt);
    }

    [DatabaseTheory]
    public async Task SignOut_OneBrowser_LeavesTheMembersOtherSessionSignedIn(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var phone = factory.CreateBrowser();
        var laptop = factory.CreateBrowser();
        await SignInCookieAsync(phone);
        await SignInCookieAsync(laptop);

        await RecoveryWebFactory.PostFormAsync(phone, "/mon-compte", new Dictionary<string, string>(), "/deconnexion");

        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/mon-compte")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/mon-compte")).StatusCode);
    }

    [DatabaseTheory]
    public async Task Account_PastTheSessionLifetime_IsRefusedThoughTheMemberStayedActive(DatabaseProvider provider)
    {
        await using var parent = await RecoveryWebFactory.CreateAsync(provider, overrides: new Dictionary<string, string?> { ["SignIn:SessionLifetime"] = "00:30:00" });
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = parent.WithWebHostBuilder(builder => builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cookie = await SignInCookieAsync(client);

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-compte")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-compte")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/mon-compte")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await AccountWithCopiedCookieAsync(factory, cookie));
    }
}
