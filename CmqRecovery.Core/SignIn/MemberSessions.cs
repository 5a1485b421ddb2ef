using System.Security.Cryptography;
using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.SignIn;

/// <summary>
/// Server-side sign-in sessions (ASVS 7.3, 7.4): a cookie stands only while its session row does (not revoked, before
/// its absolute end) and its security stamp is still the member's (a password change rotates it, ending every session).
/// </summary>
public sealed class MemberSessions(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time, IOptions<SignInOptions> options)
{
    /// <summary>A new session for the member, ending at the latest after SignIn:SessionLifetime.</summary>
    public Task<SignInSession> StartAsync(Guid memberId, CancellationToken cancellationToken = default) =>
        StartAsync(memberId, null, cancellationToken);

    /// <summary>A new session for the member, keeping the browser's User-Agent (cut to its column) so « Mon compte » can name it.</summary>
    public async Task<SignInSession> StartAsync(Guid memberId, string? userAgent, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var session = new SignInSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            MemberId = memberId,
            CreatedAt = now,
            ExpiresAt = now + options.Value.SessionLifetime,
            UserAgent = SessionDevice.Truncate(userAgent),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.SignInSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>The member behind a cookie, or null when its session was revoked, has ended, or the stamp changed.</summary>
    public async Task<SignedInMember?> FindCurrentAsync(Guid memberId, string securityStamp, string sessionId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.Members.AsNoTracking()
            .Where(m => m.Id == memberId && db.SignInSessions.Any(s => s.Id == sessionId && s.MemberId == memberId && s.RevokedAt == null && s.ExpiresAt > now))
            .SingleOrDefaultAsync(cancellationToken);
        return member is not null && member.SecurityStamp == securityStamp
            ? new SignedInMember(member.Id, member.DisplayName, member.Email, member.SecurityStamp)
            : null;
    }

    /// <summary>Ends one session now: its cookie, wherever a copy of it is, is refused from the next request.</summary>
    public async Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SignInSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RevokedAt, now), cancellationToken);
    }
}
