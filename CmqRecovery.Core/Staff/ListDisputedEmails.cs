using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>One « Non » answer waiting for an agent: its audit row's number and its time, nothing that names the member.</summary>
public sealed record DisputedEmail(long Id, DateTimeOffset At);

/// <summary>
/// The « Non » queue: members who answered « Non » at the masked email (<see cref="AuditKind.EmailDisputed"/>) and
/// that no agent has marked handled, oldest first, at most <see cref="MaxShown"/>. Only the time: no name, email or
/// code. The agent learns who when the member calls (the page's « Non » told them to), and matches the call by its time.
/// </summary>
public sealed class ListDisputedEmails(IDbContextFactory<RecoveryDbContext> dbFactory)
{
    public const int MaxShown = 50;

    public async Task<IReadOnlyList<DisputedEmail>> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking()
            .Where(e => e.Kind == AuditKind.EmailDisputed && !db.Set<DisputeFollowUp>().Any(f => f.AuditEventId == e.Id))
            .OrderBy(e => e.Id)
            .Take(MaxShown)
            .Select(e => new DisputedEmail(e.Id, e.At))
            .ToListAsync(cancellationToken);
    }
}
