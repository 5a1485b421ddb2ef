using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Core.SignIn;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Account;

/// <summary>What changing the password leaves: the member with the new stamp (for this browser's new cookie), or why the policy refused it.</summary>
public sealed record AccountPasswordChange(SignedInMember? Member, IReadOnlyList<PasswordRefusal> Refusals);

/// <summary>
/// « Mon compte »: current password, new password, confirmation. The client's per-IP budget for account actions
/// first (<see cref="ClientAction.Account"/>), then the recovery's policy (nothing counted or
/// hashed when it refuses); then the current password under the sign-in counters (<see cref="CurrentPasswordCheck"/>);
/// then, in one transaction, every other sign-in session revoked and what every new password commits
/// (<see cref="CommitNewPassword"/>: hash, stamp, reset links, client tokens, notice, audit, then the counters a
/// stranger raised cleared, as after a recovery). Two KDF units, in one slot of the gate. The caller re-issues this
/// browser's cookie with the returned stamp.
/// </summary>
public sealed class ChangePassword(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    ClientThrottle throttle,
    SecretHasher hasher,
    CurrentPasswordCheck currentPassword,
    CommitNewPassword commit,
    AuditTrail audit,
    TimeProvider time)
{
    public async Task<UseCaseResult<AccountPasswordChange>> ExecuteAsync(
        AccountSession session, string? current, string? password, string? confirmation, ClientContext client,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await throttle.TryAcquireAsync(ClientAction.Account, client, cancellationToken) is { } throttled)
        {
            return UseCaseResult<AccountPasswordChange>.Wait(throttled);
        }

        using var kdf = await hasher.EnterAsync(cancellationToken);
        if (!kdf.Acquired)
        {
            return UseCaseResult<AccountPasswordChange>.Wait(Throttled.Busy);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.Members.SingleAsync(m => m.Id == session.MemberId, cancellationToken);
        var now = time.GetUtcNow();
        if (!await db.SignInSessions.AnyAsync(
                s => s.Id == session.SessionId && s.MemberId == member.Id && s.RevokedAt == null && s.ExpiresAt > now, cancellationToken))
        {
            return UseCaseResult<AccountPasswordChange>.Refuse(Outcome.SessionEnded);
        }

        var refusals = PasswordPolicy.Evaluate(password, confirmation, member.UserCode, member.Email, member.DisplayName);
        if (refusals.Count > 0)
        {
            await audit.AddAsync(db, AuditKind.PasswordRefused, member.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<AccountPasswordChange>.Refuse(Outcome.PasswordRefused, new AccountPasswordChange(null, refusals));
        }

        var checkedPassword = await currentPassword.CheckAsync(db, kdf, member, current, client, cancellationToken);
        if (checkedPassword != Outcome.Passed)
        {
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<AccountPasswordChange>.Refuse(checkedPassword);
        }

        // This page's own part: every other sign-in session ends, this one stays (the caller re-issues its cookie).
        foreach (var other in await db.SignInSessions
                     .Where(s => s.MemberId == member.Id && s.Id != session.SessionId && s.RevokedAt == null && s.ExpiresAt > now)
                     .ToListAsync(cancellationToken))
        {
            other.RevokedAt = now;
        }

        if (!await commit.ExecuteAsync(db, kdf, member, password!, now, AuditKind.PasswordChanged, client, cancellationToken))
        {
            // Another tab (or a recovery) changed the password first: this session's stamp is already stale.
            return UseCaseResult<AccountPasswordChange>.Refuse(Outcome.LinkNoLongerValid);
        }

        return UseCaseResult<AccountPasswordChange>.Pass(new AccountPasswordChange(
            new SignedInMember(member.Id, member.DisplayName, member.Email, member.SecurityStamp), []));
    }
}
