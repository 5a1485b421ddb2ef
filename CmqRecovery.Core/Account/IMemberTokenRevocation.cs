using CmqRecovery.Core.Data;

namespace CmqRecovery.Core.Account;

/// <summary>
/// The hook for ending what client applications hold for a member (issue 18's OIDC provider: refresh tokens,
/// grants) when the member's password changes, through <see cref="Members.CommitNewPassword"/> (« Mon compte », the
/// recovery's step 8, and the activation, where no password, so no token, existed before). It adds its changes to the caller's context, so they
/// commit with the new password or not at all. Until a provider registers its own, <see cref="NoClientTokens"/>.
/// </summary>
public interface IMemberTokenRevocation
{
    Task RevokeAllAsync(RecoveryDbContext db, Guid memberId, CancellationToken cancellationToken);
}

/// <summary>No client application holds tokens yet.</summary>
internal sealed class NoClientTokens : IMemberTokenRevocation
{
    public Task RevokeAllAsync(RecoveryDbContext db, Guid memberId, CancellationToken cancellationToken) => Task.CompletedTask;
}
