using CmqRecovery.Core.Data;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Register;

/// <summary>The retention pass over invitation rows (Retention:InvitationRetention, 30 days by default), on the fake clock.</summary>
public sealed class InvitationRetentionTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    [DatabaseTheory]
    public async Task Purge_UsedOrSupersededPastRetention_DeletedYoungerAndLastExpiredKept(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var now = host.Time.GetUtcNow();
        await using (var db = host.NewDbContext())
        {
            db.AddRange(
                Invitation("used-long-ago", member.Id, now, consumedAt: now - Retention - Second),
                Invitation("superseded-long-ago", member.Id, now, supersededAt: now - Retention - Second),
                Invitation("used-lately", member.Id, now, consumedAt: now - Retention + Second),
                Invitation("superseded-lately", member.Id, now, supersededAt: now - Retention + Second),
                // Expired long ago but never replaced: the member's last invitation, which --new-only reads.
                Invitation("last-expired-long-ago", member.Id, now, expiresAt: now - Retention - Second));
            await db.SaveChangesAsync();
        }

        var result = await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(2, result.Invitations);
        await using var check = host.NewDbContext();
        Assert.Equal(
            ["last-expired-long-ago", "superseded-lately", "used-lately"],
            await check.Set<Invitation>().OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Purge_ShorterRetentionSetting_DeletesAtThatBound(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Retention:InvitationRetention"] = "02:00:00" });
        var member = await host.AddDemoMemberAsync();
        var now = host.Time.GetUtcNow();
        await using (var db = host.NewDbContext())
        {
            db.AddRange(
                Invitation("used-3h-ago", member.Id, now, consumedAt: now - TimeSpan.FromHours(3)),
                Invitation("used-1h-ago", member.Id, now, consumedAt: now - TimeSpan.FromHours(1)));
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, (await host.Get<PurgeExpiredData>().ExecuteAsync()).Invitations);
        await using var check = host.NewDbContext();
        Assert.Equal("used-1h-ago", await check.Set<Invitation>().Select(i => i.Id).SingleAsync());
    }

    [DatabaseTheory]
    public async Task Start_InvitationRetentionShorterThanTheBudgetHour_RefusesToStart(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Retention:InvitationRetention"] = "00:30:00" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<RetentionOptions>>().Value);

        Assert.Contains("Retention:InvitationRetention", error.Message);
    }

    private static Invitation Invitation(
        string id, Guid memberId, DateTimeOffset now, DateTimeOffset? expiresAt = null, DateTimeOffset? consumedAt = null, DateTimeOffset? supersededAt = null) => new()
        {
            Id = id,
            MemberId = memberId,
            TokenHash = new byte[32],
            CreatedAt = now - TimeSpan.FromDays(60),
            ExpiresAt = expiresAt ?? now - TimeSpan.FromDays(53),
            ConsumedAt = consumedAt,
            SupersededAt = supersededAt,
        };
}
