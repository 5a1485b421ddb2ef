using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Register;

/// <summary>The activation's end: the email to show, why the invitation no longer works, or why the policy refused the password.</summary>
public sealed record Activation(string? Email, InvitationState State, IReadOnlyList<PasswordRefusal> Refusals);

/// <summary>
/// The activation's last step, after the member chose their questions: the recovery's password policy and KDF gate,
/// then in one transaction, re-checking the invitation and that the member still has no password (the security stamp
/// is the concurrency token, so two tabs cannot both set one): every invitation of the member consumed, and what every
/// new password commits (<see cref="CommitNewPassword"/>: hash, stamp, reset links, notice, audit, then the counters
/// cleared). No sign-in happens, as after a recovery.
/// </summary>
public sealed class ActivateMember(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    CommitNewPassword commit,
    AuditTrail audit,
    TimeProvider time)
{
    /// <summary>The recovery needs two questions to ask; the activation asks for the enrolment's minimum first.</summary>
    internal const int QuestionsNeeded = 3;

    public async Task<UseCaseResult<Activation>> ExecuteAsync(
        ActivationGrant grant, string? password, string? confirmation, ClientContext client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        using var kdf = await hasher.EnterAsync(cancellationToken);
        if (!kdf.Acquired)
        {
            return UseCaseResult<Activation>.Wait(Throttled.Busy);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == grant.MemberId && m.DeactivatedAt == null, cancellationToken);
        var invitation = await db.Set<Invitation>().SingleAsync(i => i.Id == grant.InvitationId, cancellationToken);
        var state = OpenInvitation.Check(invitation, member, now);
        if (state == InvitationState.Valid
            && await db.MemberQuestions.CountAsync(q => q.MemberId == grant.MemberId, cancellationToken) < QuestionsNeeded)
        {
            // The page asks the questions first; a grant cannot skip them.
            throw new InvalidOperationException("The member's security questions are set before the password.");
        }

        if (state != InvitationState.Valid)
        {
            return UseCaseResult<Activation>.Refuse(Outcome.LinkNoLongerValid, new Activation(null, state, []));
        }

        var refusals = PasswordPolicy.Evaluate(password, confirmation, member!.UserCode, member.Email, member.DisplayName);
        if (refusals.Count > 0)
        {
            await audit.AddAsync(db, AuditKind.PasswordRefused, member.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<Activation>.Refuse(Outcome.PasswordRefused, new Activation(null, state, refusals));
        }

        foreach (var each in await db.Set<Invitation>().Where(i => i.MemberId == member.Id && i.ConsumedAt == null).ToListAsync(cancellationToken))
        {
            each.ConsumedAt = now;
        }

        // The shared commit also clears the counters a stranger raised against this email and code while the member had
        // no password (sign-in failures up to the lock, recovery suspensions): the invitation proved the mailbox, as a
        // reset link does, and a member must not start their first day locked out by someone else.
        if (!await commit.ExecuteAsync(db, kdf, member, password!, now, AuditKind.MemberActivated, client, cancellationToken))
        {
            // Another tab activated first.
            return UseCaseResult<Activation>.Refuse(Outcome.LinkNoLongerValid, new Activation(null, InvitationState.Used, []));
        }

        return UseCaseResult<Activation>.Pass(new Activation(member.Email, state, []));
    }
}
