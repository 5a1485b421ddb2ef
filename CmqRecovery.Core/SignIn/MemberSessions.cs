using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.SignIn;

/// <summary>Whether a sign-in cookie still stands: its stamp must be the member's current one.</summary>
public sealed class MemberSessions(IDbContextFactory<RecoveryDbContext> dbFactory)
{
    public async Task<SignedInMember?> FindCurrentAsync(Guid memberId, string securityStamp, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, cancellationToken);
        return member is not null && member.SecurityStamp == securityStamp
            ? new SignedInMember(member.Id, member.DisplayName, member.Email, member.SecurityStamp)
            : null;
    }
}
