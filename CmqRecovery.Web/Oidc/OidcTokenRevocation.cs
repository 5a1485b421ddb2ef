using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// A new password (« Mon compte » or the recovery's step 8) ends what client applications hold for the member: every
/// OpenIddict authorization and token whose subject is the member's <c>sub</c> is revoked, so the token endpoint
/// refuses their refresh tokens and introspection and userinfo refuse their access tokens, on every node.
/// </summary>
/// <remarks>
/// OpenIddict's managers (<c>IOpenIddictTokenManager.RevokeBySubjectAsync</c>…) save through the scoped context of
/// their own stores, which would commit apart from the password: a failure between the two would leave a new password
/// with live tokens, or revoked tokens with the old password. The stores are EF Core entities of this same
/// <see cref="RecoveryDbContext"/> (<c>UseOpenIddict()</c> in its model), so the rows are marked here, in the caller's
/// context, and commit in the caller's one SaveChanges with the new hash and stamp, or not at all: if this throws, the
/// password does not change (fail closed). The status is what the managers write (<see cref="Statuses.Revoked"/>), and
/// the concurrency token is renewed as their stores do, so a refresh redeemed at the same instant makes one of the two
/// writes fail instead of silently undoing the other. A token issued by a refresh that read the old stamp just before
/// the commit belongs to a revoked authorization, which OpenIddict checks on every use; and its refresh carries the old
/// stamp, which the token endpoint refuses (<see cref="OidcMembers.StillCurrentAsync"/>).
/// </remarks>
public sealed class OidcTokenRevocation(OidcMembers members) : IMemberTokenRevocation
{
    public async Task RevokeAllAsync(RecoveryDbContext db, Guid memberId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var subject = await members.SubjectAsync(memberId, cancellationToken);
        foreach (var authorization in await db.Set<OpenIddictEntityFrameworkCoreAuthorization>()
                     .Where(a => a.Subject == subject && a.Status != Statuses.Revoked)
                     .ToListAsync(cancellationToken))
        {
            authorization.Status = Statuses.Revoked;
            authorization.ConcurrencyToken = Guid.NewGuid().ToString();
        }

        foreach (var token in await db.Set<OpenIddictEntityFrameworkCoreToken>()
                     .Where(t => t.Subject == subject && t.Status != Statuses.Revoked)
                     .ToListAsync(cancellationToken))
        {
            token.Status = Statuses.Revoked;
            token.ConcurrencyToken = Guid.NewGuid().ToString();
        }
    }
}
