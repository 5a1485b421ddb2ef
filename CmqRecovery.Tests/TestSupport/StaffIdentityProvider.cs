using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>An account at the Collège's provider: its subject, its name and the values of its role claim.</summary>
public sealed record StaffAccount(string Subject, string Name, params string[] RoleValues);

/// <summary>
/// The Collège's OpenID Connect provider, as the staff console meets it: OpenIddict's server (code flow, PKCE, a
/// confidential client) on its own Kestrel host (as RelyingParty), on <c>localhost</c> while the app is on 127.0.0.1, so the two are
/// different sites. Its store is OpenIddict's own EF Core model over a SQLite file of its own, so clients, redirect
/// URIs, secrets and single-use codes are checked by OpenIddict itself. Its authorization endpoint signs in
/// <see cref="Account"/> without a page, as the Collège's provider does for an agent already signed in there.
/// </summary>
public sealed class StaffIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "cmq-soutien";
    public const string ClientSecret = "secret-du-soutien-pour-les-tests";

    /// <summary>Another application of the same provider: its codes are not the console's.</summary>
    public const string OtherClientId = "autre-application";
    public const string OtherRedirectUri = "http://localhost:9/signin-oidc";

    public const string RoleClaim = "groups";
    public const string SupportValue = "CMQ-Soutien-Agents";
    public const string SupervisorValue = "CMQ-Soutien-Superviseurs";

    public const string AuthorizePath = "/connect/authorize";
    public const string EndSessionPath = "/connect/endsession";
    public const string PortalPath = "/portail";

    private readonly WebApplication _app;
    private readonly string _databasePath;
    private int _endedSessions;
    private string? _appBaseUrl;

    private StaffIdentityProvider(WebApplication app, string authority, string databasePath)
    {
        _app = app;
        Authority = authority;
        _databasePath = databasePath;
    }

    /// <summary>The issuer, <c>http://localhost:port/</c>.</summary>
    public string Authority { get; }

    /// <summary>Who is signed in at the provider: the next authorization request signs this account in.</summary>
    public StaffAccount Account { get; set; } = new("agent-oidc-1", "Agente OIDC", SupportValue);

    /// <summary>How many times the end-session endpoint ended the provider's session.</summary>
    public int EndedSessions => Volatile.Read(ref _endedSessions);

    /// <summary>The app's settings that point its console at this provider (the development stand-in off).</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["Staff:Enabled"] = "true",
        ["Staff:DevelopmentSignIn"] = "false",
        ["Staff:Authority"] = Authority,
        ["Staff:ClientId"] = ClientId,
        ["Staff:ClientSecret"] = ClientSecret,
        ["Staff:RoleClaim"] = RoleClaim,
        ["Staff:SupportRoleValue"] = SupportValue,
        ["Staff:SupervisorRoleValue"] = SupervisorValue,
    };

    public static async Task<StaffIdentityProvider> StartAsync()
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"cmq-staff-provider-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        // As RelyingParty: on localhost (Kestrel binds no dynamic port there), another site than the app's 127.0.0.1.
        var port = LoopbackPort.Free();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Services.AddDbContext<ProviderDbContext>(db => db
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString())
            .UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(AuthorizePath.TrimStart('/'))
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris(EndSessionPath.TrimStart('/'));
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile);
                // A test provider: keys live as long as the process.
                server.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        StaffIdentityProvider? provider = null;
        app.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], () => provider!.SignIn());
        // The Collège's intranet, another site: a link to the console, so the whole sign-in chain starts cross-site.
        app.MapGet(PortalPath, () => Results.Content(
            $"<!DOCTYPE html><html lang=\"fr\"><head><title>Intranet</title></head><body><a href=\"{provider!._appBaseUrl}/soutien/membres\">Console du soutien</a></body></html>",
            "text/html; charset=utf-8"));
        app.MapMethods(EndSessionPath, [HttpMethods.Get, HttpMethods.Post], () =>
        {
            Interlocked.Increment(ref provider!._endedSessions);
            // OpenIddict sends the agent back to the client's registered post-logout address.
            return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        using (var warm = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") })
        {
            // The cold start (ephemeral keys made, OpenIddict's pipeline compiled: 10 s once under load) happens here, not
            // inside a browser's 15 s navigation. Once, no retry: a provider that does not answer fails the test here.
            (await warm.GetAsync(".well-known/openid-configuration")).EnsureSuccessStatusCode();
            (await warm.GetAsync(".well-known/jwks")).EnsureSuccessStatusCode();
        }

        provider = new StaffIdentityProvider(app, $"http://localhost:{port}/", databasePath);
        return provider;
    }

    /// <summary>
    /// Registers the console (a confidential client with the app's callback and post-logout addresses, as docs/DEPLOYMENT.md
    /// asks of the Collège) and another application, once the app's address is known.
    /// </summary>
    public async Task RegisterAppAsync(string appBaseUrl)
    {
        _appBaseUrl = appBaseUrl;
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(Client(ClientId, ClientSecret, $"{appBaseUrl}/soutien/signin-oidc", $"{appBaseUrl}/soutien/signout-callback-oidc"));
        await applications.CreateAsync(Client(OtherClientId, ClientSecret, OtherRedirectUri, null));
    }

    private static OpenIddictApplicationDescriptor Client(string clientId, string secret, string redirectUri, string? postLogoutUri)
    {
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(redirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        if (postLogoutUri is not null)
        {
            client.PostLogoutRedirectUris.Add(new Uri(postLogoutUri));
        }

        return client;
    }

    /// <summary>The authorization endpoint: the current account, its claims in the identity token.</summary>
    private IResult SignIn()
    {
        var account = Account;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, RoleClaim);
        identity.SetClaim(Claims.Subject, account.Subject).SetClaim(Claims.Name, account.Name);
        foreach (var value in account.RoleValues)
        {
            identity.AddClaim(new Claim(RoleClaim, value));
        }

        identity.SetScopes(Scopes.OpenId, Scopes.Profile);
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(_databasePath);
    }

    private sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options);
}
