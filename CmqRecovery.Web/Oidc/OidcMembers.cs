using System.Collections.Immutable;
using System.Security.Claims;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// What a client learns about a member, scope by scope, and the identity OpenIddict turns into tokens. The member's
/// id and security stamp ride along in codes and refresh tokens only (no destination: never in a token a client can
/// read), so the token endpoint can find the member again and refuse a refresh after a password change.
/// </summary>
public sealed class OidcMembers(IDbContextFactory<RecoveryDbContext> dbFactory, ServerKeys keys)
{
    public const string MemberScope = "cmq_member";
    public const string MemberKindClaim = "cmq_member_kind";
    public const string UserCodeClaim = "cmq_user_code";

    /// <summary>Installation key (ServerKeys: in the database, protected by Data Protection) that derives <c>sub</c>.</summary>
    public const string SubjectKey = "oidc-subject-hmac";

    /// <summary>Installation key that derives <c>sid</c> from the server-side session id (front-channel logout).</summary>
    public const string SessionKey = "oidc-session-hmac";

    private const string MemberIdClaim = "cmq:member";
    private const string StampClaim = "cmq:security-stamp";

    private static readonly HashSet<string> MemberClaims =
        [Claims.Subject, Claims.Name, Claims.Email, Claims.EmailVerified, MemberKindClaim, UserCodeClaim, MemberIdClaim, StampClaim];

    public async Task<Member?> FindAsync(string? memberId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(memberId, out var id))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    /// <summary>When the member typed the password for this sign-in session (null: no such live session).</summary>
    public async Task<DateTimeOffset?> SignedInAtAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.SignInSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.RevokedAt == null, cancellationToken);
        return session?.CreatedAt;
    }

    /// <summary>
    /// <c>auth_time</c>: the session's sign-in, not this request's, so a client's <c>max_age</c> check sees how old
    /// the password proof really is. Carried from the code into every token of the grant.
    /// </summary>
    public static void SetAuthenticationTime(ClaimsIdentity identity, DateTimeOffset signedInAt)
    {
        identity.SetClaim(Claims.AuthenticationTime, (long?)signedInAt.ToUnixTimeSeconds());
        identity.SetDestinations(claim => claim.Type is MemberIdClaim or StampClaim
            ? []
            : [Destinations.AccessToken, Destinations.IdentityToken]);
    }

    /// <summary>
    /// Stable and opaque: an HMAC of the member's id under an installation key, the same on every node and after
    /// restarts, and neither the user code nor the email, so a client's records never carry either as a key.
    /// </summary>
    public Task<string> SubjectAsync(Guid memberId, CancellationToken cancellationToken) =>
        keys.HashAsync(SubjectKey, memberId.ToString("N"), cancellationToken);

    /// <summary>
    /// <c>sid</c> (Front-Channel Logout 1.0): stable for the member's server-side session and opaque, an HMAC of its id
    /// under an installation key, so a client never holds the id that names the session in the database.
    /// </summary>
    public Task<string> SessionIdAsync(string sessionId, CancellationToken cancellationToken) =>
        keys.HashAsync(SessionKey, sessionId, cancellationToken);

    /// <summary>The member of a code or refresh token, when their password has not changed since it was issued.</summary>
    public async Task<Member?> StillCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var member = await FindAsync(principal.GetClaim(MemberIdClaim), cancellationToken);
        return member is not null && member.SecurityStamp == principal.GetClaim(StampClaim) ? member : null;
    }

    /// <param name="carried">A redeemed code's or refresh token's claims: OpenIddict's own are kept, the member's replaced.</param>
    public async Task<ClaimsIdentity> IdentityAsync(Member member, ImmutableArray<string> scopes, IEnumerable<Claim> carried, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(
            carried.Where(claim => !MemberClaims.Contains(claim.Type)),
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, await SubjectAsync(member.Id, cancellationToken))
            .SetClaim(MemberIdClaim, member.Id.ToString())
            .SetClaim(StampClaim, member.SecurityStamp);
        if (scopes.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.Name, member.DisplayName);
        }

        if (scopes.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, member.Email);
            // The Collège's own record of the member's address, where every recovery link is mailed.
            identity.AddClaim(new Claim(Claims.EmailVerified, "true", ClaimValueTypes.Boolean));
        }

        if (scopes.Contains(MemberScope))
        {
            identity.SetClaim(MemberKindClaim, member.Kind.ToString().ToLowerInvariant())
                .SetClaim(UserCodeClaim, member.UserCode);
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(claim => claim.Type is MemberIdClaim or StampClaim
            ? []
            : [Destinations.AccessToken, Destinations.IdentityToken]);
        return identity;
    }

    /// <summary>Userinfo: the claims of the access token's scopes, without OpenIddict's own.</summary>
    public static Dictionary<string, object> UserInfo(ClaimsPrincipal principal)
    {
        var info = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject)!,
        };
        foreach (var type in new[] { Claims.Name, Claims.Email, MemberKindClaim, UserCodeClaim })
        {
            if (principal.GetClaim(type) is { } value)
            {
                info[type] = value;
            }
        }

        if (principal.HasClaim(c => c.Type == Claims.EmailVerified))
        {
            info[Claims.EmailVerified] = true;
        }

        return info;
    }
}
