using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// « État de la récupération »: a member's recovery status (<see cref="MemberRecoveryStatus"/>, no secret), for an
/// agent who found them. The member is named by their id, which only a lookup gives (nothing lists members). A reason
/// is required and every view leaves one audit row (<see cref="AuditKind.StaffStatusViewed"/>) with the staff
/// identity and the reason; no reason or no such active member reads and writes nothing.
/// </summary>
public sealed class ViewMemberStatus(IDbContextFactory<RecoveryDbContext> dbFactory, StaffAudit audit, MemberStatusReader reader)
{
    public async Task<UseCaseResult<MemberRecoveryStatus>> ExecuteAsync(
        Guid memberId, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default)
    {
        if (reason is not { } why || !Enum.IsDefined(why))
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.ReasonRequired);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await MemberStatusReader.FindAsync(db, memberId, cancellationToken) is not { } member)
        {
            return UseCaseResult<MemberRecoveryStatus>.Refuse(Outcome.UnknownMember);
        }

        audit.Add(db, AuditKind.StaffStatusViewed, member.Id, staff, why);
        await db.SaveChangesAsync(cancellationToken);
        return UseCaseResult<MemberRecoveryStatus>.Pass(await reader.ReadAsync(db, member, cancellationToken));
    }
}
