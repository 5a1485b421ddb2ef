using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Messagerie;

/// <summary>
/// The secure messaging, as far as signing in goes: the platform's own OpenID Connect handler against the Collège's
/// provider (code flow, PKCE, <c>response_mode=query</c>), « Bienvenue, … » with the member's name, and
/// « Se déconnecter » (RP-initiated logout, which ends the provider's session too). Registration and mapping are
/// extension methods so the OIDC journey tests host this very app.
/// </summary>
public static class MessagerieApp
{
    public const string Section = "Messagerie";
    public const string Home = "/";
    public const string SignOut = "/deconnexion";
    public const string SignedOut = "/au-revoir";

    /// <summary>Front-channel logout: the page the provider's signed-out page frames with <c>iss</c> and <c>sid</c>.</summary>
    public const string RemoteSignOut = "/signout-oidc";

    /// <summary>
    /// Defaults for a developer's machine: the provider's own port (CmqRecovery.Web's launch settings) and the client
    /// id its appsettings.Development.json registers. No appsettings.json here: the test project references this app
    /// and would copy it over the provider's.
    /// </summary>
    public const string DefaultAuthority = "http://localhost:5041";
    public const string DefaultClientId = "messagerie";

    public static WebApplicationBuilder AddMessagerie(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(Section);
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            // Named after the client: two samples on localhost (any port) would otherwise share one cookie.
            .AddCookie(options =>
            {
                options.Cookie.Name = (settings["ClientId"] ?? DefaultClientId) + ".session";
                // The provider's signed-out page frames RemoteSignOut: the browser sends this cookie in that frame
                // when the provider is the same site (Lax, the default). A provider on another site needs None (and
                // HTTPS), and a browser that still allows third-party cookies, which browsers increasingly block; so
                // the guarantee remains short access tokens and a refresh refused after the session ends (docs/OIDC.md).
                options.Cookie.SameSite = Enum.Parse<SameSiteMode>(settings["CookieSameSite"] ?? nameof(SameSiteMode.Lax));
                if (options.Cookie.SameSite == SameSiteMode.None)
                {
                    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                }
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = settings["Authority"] ?? DefaultAuthority;
                // The provider runs over plain HTTP on loopback in Development only; everywhere else HTTPS.
                options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                options.ClientId = settings["ClientId"] ?? DefaultClientId;
                options.ClientSecret = settings["ClientSecret"];
                options.ResponseType = "code";
                // The provider's CSP forbids form_post's self-submitting page (docs/OIDC.md).
                options.ResponseMode = "query";
                options.UsePkce = true;
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "cmq_member", "offline_access" })
                {
                    options.Scope.Add(scope);
                }

                // The id token is kept for RP-initiated logout's id_token_hint, the refresh token to renew access.
                options.SaveTokens = true;
                options.GetClaimsFromUserInfoEndpoint = true;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.ClaimActions.MapUniqueJsonKey("cmq_member_kind", "cmq_member_kind");
                options.ClaimActions.MapUniqueJsonKey("cmq_user_code", "cmq_user_code");
                options.SignedOutRedirectUri = SignedOut;
                // Front-channel logout: the handler checks iss and sid against the signed-in id token's, then drops
                // the cookie. MapInboundClaims = false above keeps "sid" under its own name, where the check looks.
                options.RemoteSignOutPath = RemoteSignOut;
                // The handler drops "iss" from the principal by default, and then skips the issuer check: kept, so a
                // front-channel request naming another issuer ends nothing.
                options.ClaimActions.Remove("iss");
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    public static WebApplication MapMessagerie(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(Home, (HttpContext http) => Page(
            "Messagerie sécurisée",
            $"<h1>Bienvenue, {Encode(http.User.Identity?.Name)}</h1>" +
            "<dl>" +
            $"<dt>Catégorie</dt><dd id=\"kind\">{Encode(http.User.FindFirst("cmq_member_kind")?.Value)}</dd>" +
            $"<dt>Code d’utilisateur</dt><dd id=\"code\">{Encode(http.User.FindFirst("cmq_user_code")?.Value)}</dd>" +
            $"<dt>Identifiant (sub)</dt><dd id=\"sub\">{Encode(http.User.FindFirst("sub")?.Value)}</dd>" +
            "</dl>" +
            $"<form method=\"post\" action=\"{SignOut}\"><button type=\"submit\">Se déconnecter</button></form>"))
            .RequireAuthorization();
        // RP-initiated logout: the handler sends id_token_hint and the registered post_logout_redirect_uri.
        app.MapPost(SignOut, () => Results.SignOut(new AuthenticationProperties { RedirectUri = SignedOut },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));
        app.MapGet(SignedOut, () => Page(
            "Déconnecté – Messagerie sécurisée",
            "<h1>Vous êtes déconnecté de la messagerie</h1>" +
            $"<p><a href=\"{Home}\">Se connecter à nouveau</a></p>"));
        return app;
    }

    /// <summary>A minimal accessible page: French, a title, one main landmark.</summary>
    public static IResult Page(string title, string body) => Results.Content(
        "<!DOCTYPE html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{Encode(title)}</title></head><body><main>{body}</main></body></html>",
        "text/html; charset=utf-8");

    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");
}
