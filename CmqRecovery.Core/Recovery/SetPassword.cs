using CmqRecovery.Core.Account;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Recovery;

/// <summary>What setting the password leaves: the email to show once it is changed, or why the policy refused it.</summary>
public sealed record PasswordChange(string? Email, IReadOnlyList<PasswordRefusal> Refusals);

/// <summary>
/// Procedure step 8. The policy first; then, in one transaction: hash, rotate the security stamp, consume every open
/// request of the member, end the client applications' tokens (<see cref="IMemberTokenRevocation"/>: whoever took the
/// account may hold a refresh token at a client), queue the "password changed" notice and audit. No sign-in happens here.
/// </summary>
public sealed class SetPassword(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    ServerKeys keys,
    AttemptLimiter limiter,
    LinkValidator links,
    IMemberTokenRevocation clientTokens,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IRecoveryLinks addresses,
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

        var now = time.GetUtcNow();
        member.PasswordHash = kdf.Hash(PasswordPolicy.Normalize(password!));
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        member.PasswordChangedAt = now;
        member.UpdatedAt = now;

        var open = await db.RecoveryRequests
            .Where(r => r.MemberId == member.Id && r.ConsumedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var each in open)
        {
            each.ConsumedAt = now;
        }

        await clientTokens.RevokeAllAsync(db, member.Id, cancellationToken);
        var notice = mails.PasswordChanged(member.DisplayName, now, addresses.SignIn);
        outbox.Enqueue(db, MailKinds.PasswordChanged, member.Email, notice, member.Id);
        await audit.AddAsync(db, AuditKind.PasswordChanged, member.Id, client, cancellationToken);
        try
        {
            // One SaveChanges is one transaction: all of the above or none of it.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another tab changed the password with this member's stamp first.
            return UseCaseResult<PasswordChange>.Refuse(Outcome.LinkNoLongerValid);
        }

        outbox.Wake();
        // After the commit, and whatever the request's fate: the password is already changed.
        await limiter.ResetAsync(await ClearedKeysAsync(member), CancellationToken.None);
        return UseCaseResult<PasswordChange>.Pass(new PasswordChange(member.Email, []));
    }

    /// <summary>
    /// What a new password clears: the email's sign-in failures, captcha and lock; the recovery suspensions of the
    /// member's two typed identifiers (keyed hashes, computed here from the email and the code) and their daily
    /// ceiling; and the once-a-day notice claims, so that a stranger who starts again after the member got back in
    /// earns the member a fresh way back, not a silent day.
    /// </summary>
    private async Task<string[]> ClearedKeysAsync(Members.Member member)
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
