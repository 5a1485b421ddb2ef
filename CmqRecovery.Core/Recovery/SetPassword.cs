using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Recovery;

/// <summary>What setting the password leaves: the email to show once it is changed, or why the policy refused it.</summary>
public sealed record PasswordChange(string? Email, IReadOnlyList<PasswordRefusal> Refusals);

/// <summary>
/// Procedure step 8. The link still valid, the policy first; then <see cref="CommitNewPassword"/>, in one transaction:
/// hash, rotate the security stamp, consume every open request of the member, end the client applications' tokens,
/// queue the "password changed" notice and audit; then clear the counters a stranger raised. No sign-in happens here.
/// </summary>
public sealed class SetPassword(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    LinkValidator links,
    CommitNewPassword commit,
    AuditTrail audit,
    TimeProvider time)
{
    public async Task<UseCaseResult<PasswordChange>> ExecuteAsync(
        ResetAuthorization authorization, string? password, string? confirmation, ClientContext client,
        CancellationToken cancellationToken = default)
    {
        using var kdf = await hasher.EnterAsync(cancellationToken);
        if (!kdf.Acquired)
        {
            return UseCaseResult<PasswordChange>.Wait(Throttled.Busy);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.Members.SingleAsync(m => m.Id == authorization.MemberId, cancellationToken);
        var request = await db.RecoveryRequests.SingleAsync(r => r.Id == authorization.RequestId, cancellationToken);
        if (links.Check(request) != LinkStatus.Valid)
        {
            return UseCaseResult<PasswordChange>.Refuse(Outcome.LinkNoLongerValid);
        }

        var refusals = PasswordPolicy.Evaluate(password, confirmation, member.UserCode, member.Email, member.DisplayName);
        if (refusals.Count > 0)
        {
            await audit.AddAsync(db, AuditKind.PasswordRefused, member.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<PasswordChange>.Refuse(Outcome.PasswordRefused, new PasswordChange(null, refusals));
        }

        if (!await commit.ExecuteAsync(db, kdf, member, password!, time.GetUtcNow(), AuditKind.PasswordChanged, client, cancellationToken))
        {
            // Another tab changed the password with this member's stamp first.
            return UseCaseResult<PasswordChange>.Refuse(Outcome.LinkNoLongerValid);
        }

        return UseCaseResult<PasswordChange>.Pass(new PasswordChange(member.Email, []));
    }
}
