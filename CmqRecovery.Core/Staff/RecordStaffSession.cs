using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// An agent's console session in the audit: the sign-in (and how: the Collège's provider or the development stand-in)
/// and the sign-out, with the staff identity. An agent's lookups and actions then read between the two, and a session
/// nobody remembers opening shows. The sign-in row is written before the cookie is set: a session is never unrecorded.
/// </summary>
public sealed class RecordStaffSession(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public const string ThroughProvider = "provider";
    public const string ThroughDevelopmentStandIn = "development";

    public Task<UseCaseResult> SignedInAsync(StaffActor staff, string through, CancellationToken cancellationToken = default) =>
        AddAsync(AuditKind.StaffSignedIn, staff, through, cancellationToken);

    public Task<UseCaseResult> SignedOutAsync(StaffActor staff, CancellationToken cancellationToken = default) =>
        AddAsync(AuditKind.StaffSignedOut, staff, null, cancellationToken);

    private async Task<UseCaseResult> AddAsync(AuditKind kind, StaffActor staff, string? how, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(StaffAuditRow.For(kind, null, staff, how, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return UseCaseResult.Of(Outcome.Passed);
    }
}
