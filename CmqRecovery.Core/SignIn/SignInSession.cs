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
}
