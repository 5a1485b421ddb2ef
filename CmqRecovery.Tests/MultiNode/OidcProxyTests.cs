using System.Net;
using System.Net.Http.Headers;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.EndToEnd;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Tests.Web.Oidc;
using CmqRecovery.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// The provider on two app processes behind haproxy (deploy/haproxy.cfg), on one PostgreSQL database, with the keys
/// from configuration: each step of a client's grant lands on a chosen node (haproxy's stickiness cookie), so a code,
/// a refresh token or an access token that only its own node could read fails the test. And the sample client's
/// sign-in journey through the proxy's public https address.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "MultiNode")]
public sealed class OidcProxyTests(BrowserFixture browser, OidcNodeClusterFixture nodes) : IClassFixture<OidcNodeClusterFixture>
{
    private static void AssertNoServerErrors(NodeCluster cluster) =>
        Assert.True(cluster.Nodes.All(n => n.ErrorLines.Count == 0), cluster.Diagnostics);

    private static HttpRequestMessage Post(string path, Dictionary<string, string> form) =>
        new(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };

    [MultiNodeFact]
    public async Task CodeFlow_EachStepOnTheOtherNode_CodeRefreshUserInfoAndIntrospectionHold()
    {
        var cluster = await nodes.ClusterAsync();
        var (a, b) = (cluster.A, cluster.B);
        var member = cluster.Members[1];
        using var client = new NodeBrowserlessClient(cluster, "127.0.0.31");
        // The protocol's requests (PKCE pair, parameters) as OidcHttp writes them; sent here through the proxy.
        var protocol = new OidcHttp(new HttpClient());
        var signedIn = await client.SignInAsync(a, a, member.Email, DemoMembers.Password);
        Assert.Equal((HttpStatusCode.Redirect, Routes.Account), (signedIn.Status, signedIn.Location));

        // Authorized on A, with A's sign-in cookie; the code redeemed on B.
        var authorize = await client.GetAsync(a, protocol.AuthorizeUrl());
        var location = authorize.Headers.Location?.ToString() ?? "";
        Assert.True(location.StartsWith(OidcHttp.RedirectUri + "?", StringComparison.Ordinal), $"{authorize.StatusCode} {location}");
        var code = QueryHelpers.ParseQuery(new Uri(location).Query)["code"].ToString();
        var redeem = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = OidcHttp.ClientId,
            ["code"] = code,
            ["redirect_uri"] = OidcHttp.RedirectUri,
            ["code_verifier"] = protocol.Verifier,
        };
        var tokens = await OidcHttp.ReadAsync(await client.SendAsync(Post(Routes.OidcToken, redeem), b), HttpStatusCode.OK);

        // The same code again, on A: refused, as on one node.
        var replay = await OidcHttp.ReadAsync(await client.SendAsync(Post(Routes.OidcToken, redeem), a), HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", replay["error"].GetString());

        // B's refresh token (that replay revoked the first grant: sign in to a fresh one) redeemed on A.
        var fresh = await GrantAsync(client, a, b);
        var refreshed = await OidcHttp.ReadAsync(await client.SendAsync(Post(Routes.OidcToken, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = OidcHttp.ClientId,
            ["refresh_token"] = fresh["refresh_token"].GetString()!,
        }), a), HttpStatusCode.OK);
        Assert.NotEqual(fresh["refresh_token"].GetString(), refreshed["refresh_token"].GetString());

        // A's access token read by userinfo on B, and introspected on A by the confidential client.
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, Routes.OidcUserInfo);
        userInfo.Headers.Authorization = new AuthenticationHeaderValue("Bearer", refreshed["access_token"].GetString());
        var info = await OidcHttp.ReadAsync(await client.SendAsync(userInfo, b), HttpStatusCode.OK);
        Assert.Equal(member.DisplayName, info["name"].GetString());
        var introspection = await OidcHttp.ReadAsync(await client.SendAsync(Post(Routes.OidcIntrospection, new Dictionary<string, string>
        {
            ["client_id"] = OidcHttp.ConfidentialId,
            ["client_secret"] = OidcHttp.ConfidentialSecret,
            ["token"] = refreshed["access_token"].GetString()!,
        }), a), HttpStatusCode.OK);
        Assert.True(introspection["active"].GetBoolean());
        // The replayed code's grant ended on both nodes: its access token is inactive wherever it is asked about.
        var revoked = await OidcHttp.ReadAsync(await client.SendAsync(Post(Routes.OidcIntrospection, new Dictionary<string, string>
        {
            ["client_id"] = OidcHttp.ConfidentialId,
            ["client_secret"] = OidcHttp.ConfidentialSecret,
            ["token"] = tokens["access_token"].GetString()!,
        }), b), HttpStatusCode.OK);
        Assert.False(revoked["active"].GetBoolean());
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact(browser: true)]
    public async Task SampleClient_SignInThroughTheProxy_WelcomesTheMember()
    {
        var cluster = await nodes.ClusterAsync();
        var member = cluster.Members[2];
        await using var sample = await RelyingParty.StartAsync(nodes.SamplePort, cluster.Proxy.BaseUrl, OidcNodeClusterFixture.SampleClientId,
            backchannel: new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        var context = await cluster.NewContextAsync(browser.Browser, node: null);
        try
        {
            var ui = new RecoveryDriver(await context.NewPageAsync(), app: null, UiText.French, cluster.Smtp);
            await ui.Page.GotoAsync(sample.BaseUrl + "/");
            await Expect(ui.Page.GetByText("Pour continuer vers : " + OidcNodeClusterFixture.SampleDisplayName)).ToBeVisibleAsync();
            Assert.StartsWith(cluster.Proxy.BaseUrl + "/connexion?ReturnUrl=", ui.Page.Url, StringComparison.Ordinal);
            await ui.SignInAsync(member.Email, DemoMembers.Password);

            await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Bienvenue, " + member.DisplayName })).ToBeVisibleAsync();
            Assert.StartsWith(sample.BaseUrl, ui.Page.Url, StringComparison.Ordinal);
        }
        finally
        {
            await context.CloseAsync();
        }

        AssertNoServerErrors(cluster);
    }

    /// <summary>A new grant: authorized on <paramref name="authorizeOn"/>, its code redeemed on <paramref name="redeemOn"/>.</summary>
    private static async Task<Dictionary<string, System.Text.Json.JsonElement>> GrantAsync(NodeBrowserlessClient client, AppNode authorizeOn, AppNode redeemOn)
    {
        var protocol = new OidcHttp(new HttpClient());
        var authorize = await client.GetAsync(authorizeOn, protocol.AuthorizeUrl());
        var code = QueryHelpers.ParseQuery(new Uri(authorize.Headers.Location!.ToString()).Query)["code"].ToString();
        return await OidcHttp.ReadAsync(await client.SendAsync(Post(Routes.OidcToken, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = OidcHttp.ClientId,
            ["code"] = code,
            ["redirect_uri"] = OidcHttp.RedirectUri,
            ["code_verifier"] = protocol.Verifier,
        }), redeemOn), HttpStatusCode.OK);
    }
}

/// <summary>
/// The two-node cluster of <see cref="NodeClusterFixture"/>, with the provider's clients (OidcHttp's, and the sample
/// client on a port reserved before the nodes start) and its keys from configuration, the same PFX for both nodes.
/// </summary>
public sealed class OidcNodeClusterFixture : NodeClusterFixture
{
    public const string SampleClientId = "messagerie-proxy";
    public const string SampleDisplayName = "Messagerie par le proxy";

    private readonly (int Port, Dictionary<string, string?> Settings) _sample =
        RelyingParty.Reserve(2, SampleClientId, SampleDisplayName);

    public int SamplePort => _sample.Port;

    protected override IDictionary<string, string?> Settings()
    {
        var settings = OidcHttp.Settings();
        settings["Oidc:SigningCertificatePath"] = TestCertificates.Create("oidc-proxy-signing");
        settings["Oidc:SigningCertificatePassword"] = TestCertificates.Password;
        settings["Oidc:EncryptionCertificatePath"] = TestCertificates.Create("oidc-proxy-encryption");
        settings["Oidc:EncryptionCertificatePassword"] = TestCertificates.Password;
        foreach (var (key, value) in _sample.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
