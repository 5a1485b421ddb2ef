using System.Security.Cryptography;
using System.Text;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Account;

/// <summary>One live sign-in session as « Mon compte » shows it: a handle for its « Fermer » button (never the session id the cookie carries), when it opened, whether it is this one, and its browser and system.</summary>
public sealed record LiveSession(string Handle, DateTimeOffset OpenedAt, bool Current, SessionDevice Device);

/// <summary>
/// The member's live sessions, and ending them: one (« Fermer ») or all but this one (« Fermer toutes les autres
/// sessions »). Ending revokes the row, so the cookie is refused on its next request on every node
/// (MemberAuthentication validates each request against the shared database). Audited.
/// </summary>
public sealed class MemberSessionList(IDbContextFactory<RecoveryDbContext> dbFactory, ClientThrottle throttle, AuditTrail audit, TimeProvider time)
{
    public async Task<IReadOnlyList<LiveSession>> ListAsync(AccountSession session, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.SignInSessions.AsNoTracking()
            .Where(s => s.MemberId == session.MemberId && s.RevokedAt == null && s.ExpiresAt > now)
            .Select(s => new { s.Id, s.CreatedAt, s.UserAgent })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(s => s.Id == session.SessionId).ThenByDescending(s => s.CreatedAt)
            .Select(s => new LiveSession(Handle(s.Id), s.CreatedAt, s.Id == session.SessionId, SessionDevice.From(s.UserAgent))).ToList();
    }

    /// <summary>
    /// Ends the member's session named by <paramref name="handle"/>, or every other one when it is null; the value is
    /// how many ended. Within the client's per-IP budget for account actions: past it nothing is read or written.
    /// </summary>
    public async Task<UseCaseResult<int>> EndAsync(AccountSession session, string? handle, ClientContext client, CancellationToken cancellationToken = default)
    {
        if (await throttle.TryAcquireAsync(ClientAction.Account, client, cancellationToken) is { } throttled)
        {
            return UseCaseResult<int>.Wait(throttled);
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var live = await db.SignInSessions
            .Where(s => s.MemberId == session.MemberId && s.RevokedAt == null && s.ExpiresAt > now && s.Id != session.SessionId)
            .ToListAsync(cancellationToken);
        var ending = handle is null ? live : live.Where(s => Handle(s.Id) == handle).ToList();
        foreach (var each in ending)
        {
            each.RevokedAt = now;
        }

        if (ending.Count > 0)
        {
            await audit.AddAsync(db, AuditKind.SessionsEnded, session.MemberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        return UseCaseResult<int>.Pass(ending.Count);
    }

    private static string Handle(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("session-handle:" + sessionId)))[..16];
}
