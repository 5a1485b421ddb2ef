namespace CmqRecovery.Web.Oidc;

/// <summary>
/// The OpenID Connect provider's settings (section <c>Oidc</c>): token lifetimes, the signing and encryption
/// certificates, and the client applications, which come from configuration only (docs/OIDC.md).
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Oidc";

    /// <summary>Short, because a client learns of a password change only when its refresh is refused.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan IdentityTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Between the redirect back to the client and its call to the token endpoint: a minute is plenty.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Absolute: a rotated refresh token keeps its predecessor's end (no sliding), so a client's session ends at
    /// most this long after sign-in, like the provider's own session (SignIn:SessionLifetime).
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long a rotated refresh token may still be redeemed (a client's retry after a lost response). Zero: any
    /// reuse is treated as theft and revokes the whole family.
    /// </summary>
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.Zero;

    /// <summary>PFX that signs identity and access tokens (RSA); required outside Development and Testing.</summary>
    public string? SigningCertificatePath { get; set; }
    public string? SigningCertificatePassword { get; set; }

    /// <summary>PFX that encrypts codes and refresh tokens (RSA); required outside Development and Testing.</summary>
    public string? EncryptionCertificatePath { get; set; }
    public string? EncryptionCertificatePassword { get; set; }

    /// <summary>Certificates being rotated out: tokens they signed or encrypted are still read.</summary>
    public List<string> PreviousSigningCertificatePaths { get; set; } = [];
    public List<string> PreviousEncryptionCertificatePaths { get; set; } = [];

    public List<OidcClient> Clients { get; set; } = [];
}

/// <summary>One client application, as configuration lists it (<c>Oidc:Clients:0:…</c>).</summary>
public sealed class OidcClient
{
    public string ClientId { get; set; } = "";

    /// <summary>The name the sign-in page shows (« Connexion à … »): from configuration only, never from a request.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Matched exactly, character for character.</summary>
    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>
    /// OpenID Connect Front-Channel Logout 1.0: the client's page that ends its own session, framed by the provider's
    /// signed-out page with <c>iss</c> and <c>sid</c>. Optional; exact, on the origin of one of the redirect URIs.
    /// </summary>
    public string? FrontChannelLogoutUri { get; set; }

    /// <summary>None: a public client (PKCE only). Set: a confidential client.</summary>
    public string? ClientSecret { get; set; }
}
