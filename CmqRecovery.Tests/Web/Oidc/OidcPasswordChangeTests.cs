using System.Net;
using System.Text.Json;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace CmqRecovery.Tests.Web.Oidc;

/// <summary>
/// A new password ends what client applications hold for the member (OidcTokenRevocation, through
/// IMemberTokenRevocation), by « Mon compte » and by the recovery, on both databases: refresh refused, access token
/// inactive, rows revoked; another member's tokens untouched. Without the hook the stamp alone refuses the refresh,
/// but the access token stays active and the rows valid: these tests fail.
/// </summary>
public sealed class OidcPasswordChangeTests
{
    private const string NewPassword = "une phrase de passe solide 2026";
    private static readonly ClientContext Client = new("203.0.113.7");

    [DatabaseTheory]
    public async Task ChangePassword_MemberWithClientTokens_RevokesThemAndLeavesOtherMembersTokens(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: OidcHttp.Settings());
        var (marie, marieTokens) = await TokensAsync(factory, member: 0);
        var (other, otherTokens) = await TokensAsync(factory, member: 1);
        string sessionId;
        await using (var db = factory.NewDbContext())
        {
            sessionId = await db.SignInSessions.Where(s => s.MemberId == marie.Id && s.RevokedAt == null).Select(s => s.Id).FirstAsync();
        }

        using var scope = factory.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<ChangePassword>().ExecuteAsync(
            new AccountSession(marie.Id, sessionId), DemoMembers.Password, NewPassword, NewPassword, Client);

        Assert.True(result.Passed, result.Outcome.ToString());
        await AssertEndedAsync(factory, marie, marieTokens);
        await AssertStillValidAsync(factory, other, otherTokens);
    }

    [DatabaseTheory]
    public async Task SetPassword_MemberWithClientTokens_RevokesThemAndLeavesOtherMembersTokens(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, overrides: OidcHttp.Settings());
        var (marie, marieTokens) = await TokensAsync(factory, member: 0);
        var (other, otherTokens) = await TokensAsync(factory, member: 1);
        var time = factory.Services.GetRequiredService<TimeProvider>();
        var (request, _) = await RecoverySteps.AddRequestAsync(factory.NewDbContext, time.GetUtcNow(), marie.Id);

        using var scope = factory.Services.CreateScope();
        // The link's holder answered again (procedure step 7): what CheckAnswers.ForResetAsync hands step 8.
        var result = await scope.ServiceProvider.GetRequiredService<SetPassword>().ExecuteAsync(
            new ResetAuthorization(request.Id, marie.Id), NewPassword, NewPassword, Client);

        Assert.True(result.Passed, result.Outcome.ToString());
        await AssertEndedAsync(factory, marie, marieTokens);
        await AssertStillValidAsync(factory, other, otherTokens);
    }

    private static async Task<(Member Member, Dictionary<string, JsonElement> Tokens)> TokensAsync(RecoveryWebFactory factory, int member)
    {
        var client = new OidcHttp(factory.CreateBrowser());
        await client.SignInAsync(member);
        var (code, response) = await client.AuthorizeAsync();
        Assert.True(code is not null, $"no code: {response.StatusCode} {response.Headers.Location}");
        var tokens = await OidcHttp.ReadAsync(await client.RedeemAsync(code), HttpStatusCode.OK);
        var email = Member.NormalizeEmail(DemoMembers.All[member].Email);
        await using var db = factory.NewDbContext();
        return (await db.Members.AsNoTracking().SingleAsync(m => m.NormalizedEmail == email), tokens);
    }

    private static async Task AssertEndedAsync(RecoveryWebFactory factory, Member member, Dictionary<string, JsonElement> tokens)
    {
        var client = new OidcHttp(factory.CreateBrowser());
        var refresh = await client.RefreshAsync(tokens["refresh_token"].GetString()!);
        Assert.Equal("invalid_grant", (await OidcHttp.ReadAsync(refresh, HttpStatusCode.BadRequest))["error"].GetString());
        Assert.False(await ActiveAsync(client, tokens["access_token"].GetString()!));
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        userInfo.Headers.Authorization = new("Bearer", tokens["access_token"].GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.Browser.SendAsync(userInfo)).StatusCode);

        var subject = await factory.Services.GetRequiredService<CmqRecovery.Web.Oidc.OidcMembers>().SubjectAsync(member.Id, default);
        await using var db = factory.NewDbContext();
        var rows = await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == subject).ToListAsync();
        Assert.Contains(rows, t => t.Type == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken);
        Assert.Contains(rows, t => t.Type == OpenIddictConstants.TokenTypeIdentifiers.AccessToken);
        Assert.All(rows, t => Assert.Equal(OpenIddictConstants.Statuses.Revoked, t.Status));
        var authorizations = await db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == subject).ToListAsync();
        Assert.NotEmpty(authorizations);
        Assert.All(authorizations, a => Assert.Equal(OpenIddictConstants.Statuses.Revoked, a.Status));
    }

    private static async Task AssertStillValidAsync(RecoveryWebFactory factory, Member member, Dictionary<string, JsonElement> tokens)
    {
        var subject = await factory.Services.GetRequiredService<CmqRecovery.Web.Oidc.OidcMembers>().SubjectAsync(member.Id, default);
        await using (var db = factory.NewDbContext())
        {
            var rows = await db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == subject).ToListAsync();
            Assert.NotEmpty(rows);
            Assert.DoesNotContain(rows, t => t.Status == OpenIddictConstants.Statuses.Revoked);
        }

        var client = new OidcHttp(factory.CreateBrowser());
        Assert.True(await ActiveAsync(client, tokens["access_token"].GetString()!));

        var refresh = await client.RefreshAsync(tokens["refresh_token"].GetString()!);
        Assert.True((await OidcHttp.ReadAsync(refresh, HttpStatusCode.OK)).ContainsKey("access_token"));
    }

    /// <summary>What a resource server asks: the confidential client's introspection of the token.</summary>
    private static async Task<bool> ActiveAsync(OidcHttp client, string token)
    {
        var response = await client.Browser.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = OidcHttp.ConfidentialId,
            ["client_secret"] = OidcHttp.ConfidentialSecret,
            ["token"] = token,
        }));
        return (await OidcHttp.ReadAsync(response, HttpStatusCode.OK))["active"].GetBoolean();
    }
}
