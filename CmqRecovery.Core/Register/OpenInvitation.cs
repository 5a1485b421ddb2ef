using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Register;

/// <summary>What an invitation link is: usable, or why not (told only to a holder of the right token).</summary>
public enum InvitationState
{
    Valid,

    /// <summary>No such invitation, a wrong token, or a member no longer in the register.</summary>
    Invalid,
    Expired,
    Used,
    Superseded,

    /// <summary>The member already has a password: an invitation never replaces one (the recovery does).</summary>
    AlreadyActive,
}

/// <summary>Proof that an invitation was opened with its token; only <see cref="OpenInvitation"/> makes one.</summary>
public sealed class ActivationGrant
{
    internal ActivationGrant(string invitationId, Guid memberId, string displayName)
    {
        InvitationId = invitationId;
        MemberId = memberId;
        DisplayName = displayName;
    }

    public string InvitationId { get; }
    public Guid MemberId { get; }
    public string DisplayName { get; }
}

public sealed record InvitationOpening(InvitationState State, ActivationGrant? Grant = null);

/// <summary>
/// Opens an invitation's link: per-IP limited like a reset link, compared in constant time with the stored SHA-256
/// (also when the id is unknown), then checked: unexpired, unused, the member's newest, the member active and still
/// without a password. Unlike a reset link, its holder is told why it no longer works, and offered the recovery.
/// </summary>
public sealed class OpenInvitation(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    AuditTrail audit,
    ClientThrottle throttle,
    TimeProvider time)
{
    private static readonly byte[] NoSuchInvitationHash = RecoveryTokens.Hash(RecoveryTokens.NewToken());

    public async Task<UseCaseResult<InvitationOpening>> ExecuteAsync(string? id, string? token, ClientContext client, CancellationToken cancellationToken = default)
    {
        if (await throttle.TryAcquireAsync(ClientAction.LinkOpen, client, cancellationToken) is { } throttled)
        {
            return UseCaseResult<InvitationOpening>.Wait(throttled);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitation = RecoveryTokens.LooksLikeId(id)
            ? await db.Set<Invitation>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
            : null;
        var tokenMatches = RecoveryTokens.LooksLikeToken(token)
            & RecoveryTokens.Matches(token ?? string.Empty, invitation?.TokenHash ?? NoSuchInvitationHash);
        var member = invitation is null || !tokenMatches
            ? null
            : await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == invitation.MemberId && m.DeactivatedAt == null, cancellationToken);
        var state = Check(invitation, member, time.GetUtcNow());
        await audit.AddAsync(db, state == InvitationState.Valid ? AuditKind.InvitationOpened : AuditKind.InvitationRefused, member?.Id, client, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return state == InvitationState.Valid
            ? UseCaseResult<InvitationOpening>.Pass(new(state, new ActivationGrant(invitation!.Id, member!.Id, member.DisplayName)))
            : UseCaseResult<InvitationOpening>.Refuse(Outcome.LinkNoLongerValid, new InvitationOpening(state));
    }

    internal static InvitationState Check(Invitation? invitation, Members.Member? member, DateTimeOffset now)
    {
        if (invitation is null || member is null)
        {
            return InvitationState.Invalid;
        }

        if (member.PasswordHash is not null)
        {
            return InvitationState.AlreadyActive;
        }

        return invitation.Check(now) switch
        {
            LinkStatus.Used => InvitationState.Used,
            LinkStatus.Superseded => InvitationState.Superseded,
            LinkStatus.Expired => InvitationState.Expired,
            _ => InvitationState.Valid,
        };
    }
}
