using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>A proposal as the supervisors' queue shows it: the member, both addresses, who proposed and how they verified.</summary>
public sealed record PendingEmailChange(
    Guid Id, string UserCode, string DisplayName, string CurrentEmail, string NewEmail,
    EmailChangeVerification Verification, string Note, string ProposedBy, DateTimeOffset ProposedAt, DateTimeOffset ExpiresAt);

/// <summary>The supervisors' queue: pending proposals not yet expired, oldest first, at most <see cref="MaxShown"/>.</summary>
public sealed class ListEmailChangeProposals(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public const int MaxShown = 50;

    public async Task<IReadOnlyList<PendingEmailChange>> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<EmailChangeProposal>().AsNoTracking()
            .Where(p => p.State == EmailChangeState.Pending && p.ExpiresAt > now)
            .Join(db.Members.Where(m => m.DeactivatedAt == null), p => p.MemberId, m => m.Id, (p, m) => new { p, m.UserCode, m.DisplayName, m.Email })
            .OrderBy(x => x.p.ProposedAt)
            .Take(MaxShown)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new PendingEmailChange(
            x.p.Id, x.UserCode, x.DisplayName, x.Email, x.p.NewEmail, x.p.Verification, x.p.Note, x.p.ProposedBy, x.p.ProposedAt, x.p.ExpiresAt))];
    }
}
