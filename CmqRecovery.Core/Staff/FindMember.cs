using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>What the console shows of a member found: who, never a secret (no hash, no answer, no token).</summary>
public sealed record FoundMember(Guid Id, string DisplayName, string UserCode, string Email, MemberKind Kind, bool HasPassword);

/// <summary>
/// « Trouver un membre »: one member by their exact user code or exact email, never a partial match or a list. A
/// reason from <see cref="StaffReason"/> is required, and every lookup, found or not, leaves one audit row with the
/// staff identity and the reason. Malformed input reads nothing and writes nothing.
/// </summary>
public sealed class FindMember(IDbContextFactory<RecoveryDbContext> dbFactory, StaffAudit audit)
{
    public async Task<UseCaseResult<FoundMember>> ExecuteAsync(
        string? identifier, StaffReason? reason, StaffActor staff, CancellationToken cancellationToken = default)
    {
        if (reason is not { } why || !Enum.IsDefined(why))
        {
            return UseCaseResult<FoundMember>.Refuse(Outcome.ReasonRequired);
        }

        var target = StaffMemberIdentifier.Parse(identifier);
        if (target.Refusal is { } refusal)
        {
            return UseCaseResult<FoundMember>.Refuse(refusal);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await target.FindAsync(db, cancellationToken);
        audit.Add(db, AuditKind.StaffMemberLookedUp, member?.Id, staff, why);
        await db.SaveChangesAsync(cancellationToken);
        return member is null
            ? UseCaseResult<FoundMember>.Refuse(Outcome.UnknownMember)
            : UseCaseResult<FoundMember>.Pass(new FoundMember(member.Id, member.DisplayName, member.UserCode, member.Email, member.Kind, member.PasswordHash is not null));
    }
}
