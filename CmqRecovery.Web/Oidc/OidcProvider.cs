using CmqRecovery.Core.Account;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// The Collège's OpenID Connect provider (docs/OIDC.md): OpenIddict's server over the app's own database, the
/// authorization code flow with PKCE for every client and nothing else, refresh tokens that rotate (a reused one
/// revokes its family), and the app's own sign-in page for the member.
/// </summary>
public static class OidcProvider
{
    public static WebApplicationBuilder AddOidcProvider(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<OidcOptions>(builder.Configuration.GetSection(OidcOptions.Section));
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>();
        services.AddOptions<OidcOptions>().ValidateOnStart();
        services.AddSingleton<OidcMembers>();
        services.AddSingleton<OidcMetrics>();
        services.AddScoped<OidcAudit>();
        services.AddScoped<FrontChannelSessions>();
        // Replaces Mon compte's NoClientTokens, whichever registration runs first.
        services.RemoveAll<IMemberTokenRevocation>();
        services.AddSingleton<IMemberTokenRevocation, OidcTokenRevocation>();
        services.AddHostedService<OidcClientSync>();

        // Read once here too: OpenIddict's lifetimes and keys are set while its services are registered.
        var options = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        var publicBaseUrl = builder.Configuration[$"{RecoveryOptions.Section}:{nameof(RecoveryOptions.PublicBaseUrl)}"];
        var environment = builder.Environment;

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<Core.Data.RecoveryDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(Routes.OidcAuthorize)
                    .SetTokenEndpointUris(Routes.OidcToken)
                    .SetUserInfoEndpointUris(Routes.OidcUserInfo)
                    .SetEndSessionEndpointUris(Routes.OidcEndSession)
                    .SetRevocationEndpointUris(Routes.OidcRevocation)
                    .SetIntrospectionEndpointUris(Routes.OidcIntrospection);

                // Code flow only (no implicit, hybrid or password grant), PKCE required of every client.
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().RequireProofKeyForCodeExchange();
                server.Configure(o =>
                {
                    // S256 only: "plain" would hand the verifier to whoever reads the authorization request.
                    o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    // The code comes back in the query: form_post's self-submitting page needs an inline script,
                    // which the app's CSP forbids.
                    o.ResponseModes.Remove(ResponseModes.FormPost);
                    o.ResponseModes.Remove(ResponseModes.Fragment);
                    // No consent screen (first-party clients) and one account per member: discovery lists only these.
                    o.PromptValues.Remove(PromptValues.Consent);
                    o.PromptValues.Remove(PromptValues.SelectAccount);
                });
                // Counted and audited as OpenIddict answers (it refuses a reused refresh token before the endpoint runs).
                server.AddEventHandler(OidcTokenResponseObserver.Descriptor).AddEventHandler(OidcAuthorizationResponseObserver.Descriptor);
                // Front-channel logout (FrontChannelLogout): discovery says so, as the protocol asks.
                server.AddEventHandler<OpenIddictServerEvents.HandleConfigurationRequestContext>(handler =>
                    handler.UseInlineHandler(context =>
                    {
                        FrontChannelLogout.Advertise(context);
                        return default;
                    }));
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, OidcMembers.MemberScope);
                server.RegisterClaims(Claims.Subject, Claims.AuthenticationTime, Claims.Name, Claims.Email, Claims.EmailVerified, OidcMembers.MemberKindClaim, OidcMembers.UserCodeClaim, FrontChannelSessions.SessionIdClaim);

                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetIdentityTokenLifetime(options.IdentityTokenLifetime)
                    .SetAuthorizationCodeLifetime(options.AuthorizationCodeLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime)
                    .SetRefreshTokenReuseLeeway(options.RefreshTokenReuseLeeway)
                    // A rotated refresh token ends when the first one would have: a client's session has an absolute end.
                    .DisableSlidingRefreshTokenExpiration();

                // Signed JWTs the Collège's APIs can check against the JWKS; codes and refresh tokens stay encrypted.
                server.DisableAccessTokenEncryption();
                OidcKeys.Apply(server, options, environment);

                // One issuer whichever node answers, when the public address is known.
                if (Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var issuer))
                {
                    server.SetIssuer(issuer);
                }

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Errors that cannot go back to a client (unknown client, unregistered redirect URI) reach the
                    // endpoints, which answer with the app's bilingual page instead of a redirect.
                    .EnableErrorPassthrough();
                if (TestShortcuts.AllowedIn(environment))
                {
                    // Development and the tests run over plain HTTP; everywhere else HTTPS is required (HttpsOnlyRequests too).
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });
        return builder;
    }

    public static WebApplication MapOidcProvider(this WebApplication app)
    {
        app.UseClientFormActions();
        app.UseFrontChannelLogout();
        app.MapOidcEndpoints();
        app.MapPendingAuthorizationEndpoints();
        return app;
    }
}
