using CmqRecovery.Core.Data;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Security;

namespace CmqRecovery.Core.Audit;

/// <summary>Adds audit events to the caller's context, so they commit (or not) with the change they describe.</summary>
public sealed class AuditTrail(ServerKeys keys, TimeProvider time, RecoveryMetrics? metrics = null)
{
    public async Task AddAsync(
        RecoveryDbContext db, AuditKind kind, Guid? memberId, ClientContext? client, CancellationToken cancellationToken = default)
    {
        string? ipHash = null;
        if (!string.IsNullOrEmpty(client?.IpAddress))
        {
            ipHash = await keys.HashAsync(ServerKeys.ClientIp, client.IpAddress, cancellationToken);
        }

        db.AuditEvents.Add(new AuditEvent { At = time.GetUtcNow(), Kind = kind, MemberId = memberId, ClientIpHash = ipHash });
        // Counted as recorded: an outcome rolled back afterwards (rare: a PostgreSQL serialisation retry) counts again.
        metrics?.Recorded(kind);
    }
}
