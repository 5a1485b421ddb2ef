namespace CmqRecovery.Core.SignIn;

/// <summary>
/// One signed-in browser, named by a random id that only its (encrypted) cookie carries. The cookie is accepted only
/// while this row stands: not revoked (« Se déconnecter ») and not past its absolute end (SignIn:SessionLifetime).
/// </summary>
public sealed class SignInSession
{
    public required string Id { get; set; }
    public Guid MemberId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The browser's User-Agent header when the session opened (cut to 512 characters), so « Mon compte » can name the browser and system; null for sessions opened before it was kept.</summary>
    public string? UserAgent { get; set; }
}
