using CmqRecovery.Core.Account;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Members;

/// <summary>
/// What every new password commits, whoever sets it (« Mon compte »'s <see cref="ChangePassword"/>, the recovery's
/// <see cref="SetPassword"/>, the invitation's <see cref="Register.ActivateMember"/>), so the three cannot drift: in
/// one SaveChanges, the hash, a new security stamp (every cookie issued before it fails on its next request, and it is
/// the concurrency token, so two tabs cannot both commit), every open reset link consumed, the client applications'
/// tokens ended (<see cref="IMemberTokenRevocation"/>), the « Mot de passe modifié » notice and the audit; then the
/// outbox woken and the counters a stranger can raise against the member cleared. The caller has already checked the
/// policy and its own proof, and adds its own changes (other sessions, invitations) to <c>db</c> first, so they commit
/// with the password or not at all.
/// </summary>
public sealed class CommitNewPassword(
    ServerKeys keys,
    AttemptLimiter limiter,
    IMemberTokenRevocation clientTokens,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IRecoveryLinks links)
{
    /// <summary>False when another tab (or a recovery) committed a password first: nothing of this one was written.</summary>
    internal async Task<bool> ExecuteAsync(
        RecoveryDbContext db, KdfSlot kdf, Member member, string password, DateTimeOffset now, AuditKind auditKind,
        ClientContext client, CancellationToken cancellationToken)
    {
        member.PasswordHash = kdf.Hash(PasswordPolicy.Normalize(password));
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        member.PasswordChangedAt = now;
        member.UpdatedAt = now;
        foreach (var open in await db.RecoveryRequests.Where(r => r.MemberId == member.Id && r.ConsumedAt == null).ToListAsync(cancellationToken))
        {
            open.ConsumedAt = now;
        }

        // Whoever took the account may hold a refresh token at a client. An activated member had no password, so no
        // token: the call finds nothing then, and is made anyway so that no caller can forget it.
        await clientTokens.RevokeAllAsync(db, member.Id, cancellationToken);
        outbox.Enqueue(db, MailKinds.PasswordChanged, member.Email, mails.PasswordChanged(member.DisplayName, now, links.SignIn), member.Id);
        await audit.AddAsync(db, auditKind, member.Id, client, cancellationToken);
        try
        {
            // One SaveChanges is one transaction: all of the above and the caller's own changes, or none of it.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        outbox.Wake();
        // After the commit, and whatever the request's fate: the password is already changed.
        await limiter.ResetAsync(await ClearedKeysAsync(member), CancellationToken.None);
        return true;
    }

    /// <summary>
    /// What a new password clears: the email's sign-in failures, captcha and lock; the recovery suspensions of the
    /// member's two typed identifiers (keyed hashes, computed here from the email and the code) and their daily
    /// ceiling; and the once-a-day notice claims, so that a stranger who starts again after the member got back in
    /// earns the member a fresh way back, not a silent day. Each caller proved who it is first (the mailbox through a
    /// reset link or an invitation, or the current password on « Mon compte »), so clearing gives a stranger nothing:
    /// it only ends what a stranger did against the member.
    /// </summary>
    private async Task<string[]> ClearedKeysAsync(Member member)
    {
        var none = CancellationToken.None;
        var byEmail = await CounterKeys.IdentifierAsync(keys, IdentifyMember.EmailIdentifier(member.NormalizedEmail), none);
        var byCode = await CounterKeys.IdentifierAsync(keys, IdentifyMember.CodeIdentifier(member.UserCode), none);
        return
        [
            await CounterKeys.SignInAsync(keys, member.NormalizedEmail, none),
            CounterKeys.Suspension(byEmail),
            CounterKeys.Suspension(byCode),
            CounterKeys.Ceiling(member.Id),
            .. Enum.GetValues<MemberNotice>().Select(notice => CounterKeys.NoticeClaim(notice, member.Id)),
        ];
    }
}
