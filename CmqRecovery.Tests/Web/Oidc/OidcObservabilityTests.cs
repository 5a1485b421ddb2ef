using System.Diagnostics.Metrics;
using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>What operations see of the provider: audit events and counters on the app's meter, with no identifier in a tag.</summary>
public sealed class OidcObservabilityTests
{
    private static async Task<(RecoveryWebFactory Factory, OidcHttp Client, MetricRecorder Metrics)> StartAsync(DatabaseProvider provider)
    {
        var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: OidcHttp.Settings());
        var metrics = new MetricRecorder(factory.Services.GetRequiredService<IMeterFactory>());
        return (factory, new OidcHttp(factory.CreateBrowser()), metrics);
    }

    private static async Task<List<AuditEvent>> EventsAsync(RecoveryWebFactory factory, AuditKind kind)
    {
        await using var db = factory.NewDbContext();
        return await db.AuditEvents.Where(e => e.Kind == kind).ToListAsync();
    }

    private static async Task<Guid> MemberIdAsync(RecoveryWebFactory factory)
    {
        await using var db = factory.NewDbContext();
        var email = DemoMembers.All[0].Email;
        return await db.Members.Where(m => m.Email == email).Select(m => m.Id).SingleAsync();
    }

    [DatabaseTheory]
    public async Task Token_CodeThenRefresh_CountsEachGrantAndAuditsTheAuthorization(DatabaseProvider provider)
    {
        var (factory, client, metrics) = await StartAsync(provider);
        await using var _ = factory;
        using var __ = metrics;

        var tokens = await client.TokensAsync();
        await OidcHttp.ReadAsync(await client.RefreshAsync(tokens["refresh_token"].GetString()!), HttpStatusCode.OK);

        Assert.Equal(1, metrics.Sum("cmq.oidc.tokens.issued", "grant_type=authorization_code"));
        Assert.Equal(1, metrics.Sum("cmq.oidc.tokens.issued", "grant_type=refresh_token"));
        Assert.Equal(0, metrics.Sum("cmq.oidc.refresh.reused"));
        var granted = Assert.Single(await EventsAsync(factory, AuditKind.OidcAuthorizationGranted));
        Assert.Equal(await MemberIdAsync(factory), granted.MemberId);
        Assert.Empty(await EventsAsync(factory, AuditKind.OidcRefreshReused));
    }

    [DatabaseTheory]
    public async Task Refresh_RotatedTokenReused_IsCountedAndAudited(DatabaseProvider provider)
    {
        var (factory, client, metrics) = await StartAsync(provider);
        await using var _ = factory;
        using var __ = metrics;
        var original = (await client.TokensAsync())["refresh_token"].GetString()!;
        var next = (await OidcHttp.ReadAsync(await client.RefreshAsync(original), HttpStatusCode.OK))["refresh_token"].GetString()!;

        await OidcHttp.ReadAsync(await client.RefreshAsync(original), HttpStatusCode.BadRequest);
        // The revoked newer token is refused too, but that is not a second reuse.
        await OidcHttp.ReadAsync(await client.RefreshAsync(next), HttpStatusCode.BadRequest);

        Assert.Equal(1, metrics.Sum("cmq.oidc.refresh.reused"));
        Assert.Single(await EventsAsync(factory, AuditKind.OidcRefreshReused));
        Assert.Equal(1, metrics.Sum("cmq.oidc.tokens.issued", "grant_type=refresh_token"));
    }

    [DatabaseTheory]
    public async Task Authorize_PromptNoneSignedOut_CountsTheErrorByCode(DatabaseProvider provider)
    {
        var (factory, client, metrics) = await StartAsync(provider);
        await using var _ = factory;
        using var __ = metrics;

        var response = await client.Browser.GetAsync(client.AuthorizeUrl(p => p["prompt"] = "none"));

        Assert.Equal("login_required", QueryHelpers.ParseQuery(response.Headers.Location!.Query)["error"].ToString());
        Assert.Equal(1, metrics.Sum("cmq.oidc.authorization.errors", "error=login_required"));
        Assert.Empty(await EventsAsync(factory, AuditKind.OidcAuthorizationGranted));
        Assert.DoesNotContain(metrics.Tags, tag => tag.Value is OidcHttp.ClientId);
    }

    [DatabaseTheory]
    public async Task EndSession_SignedIn_IsAudited(DatabaseProvider provider)
    {
        var (factory, client, metrics) = await StartAsync(provider);
        await using var _ = factory;
        using var __ = metrics;
        var idToken = (await client.TokensAsync())["id_token"].GetString()!;
        Assert.Empty(await EventsAsync(factory, AuditKind.OidcSignedOut));

        await client.Browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", "id_token_hint", idToken));

        var signedOut = Assert.Single(await EventsAsync(factory, AuditKind.OidcSignedOut));
        Assert.Equal(await MemberIdAsync(factory), signedOut.MemberId);
    }
}
