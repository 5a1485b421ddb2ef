using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Operations;

/// <summary>
/// The retention pass over four-eyes email change proposals, on the fake clock: a proposal goes
/// Retention:EmailChangeRetention (30 days by default) after it was decided, or after it expired undecided; a pending
/// one still approvable, and a recently closed one, stay; the audit rows and the member are not touched.
/// </summary>
public sealed class PurgeEmailChangeProposalsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    [DatabaseTheory]
    public async Task Execute_ProposalsEachSideOfTheirBound_DeletesClosedOldOnesOnlyAndTouchesNothingElse(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var now = host.Time.GetUtcNow();
        var closedBefore = now - Retention;
        await using (var db = host.NewDbContext())
        {
            db.AddRange(
                Proposal("expired-long-ago", member.Id, expiresAt: closedBefore),
                Proposal("expired-lately", member.Id, expiresAt: closedBefore + Second),
                Proposal("approved-long-ago", member.Id, expiresAt: closedBefore + TimeSpan.FromHours(1), EmailChangeState.Approved, decidedAt: closedBefore),
                Proposal("rejected-long-ago", member.Id, expiresAt: closedBefore + TimeSpan.FromHours(1), EmailChangeState.Rejected, decidedAt: closedBefore),
                Proposal("approved-lately", member.Id, expiresAt: closedBefore + TimeSpan.FromHours(1), EmailChangeState.Approved, decidedAt: closedBefore + Second),
                Proposal("rejected-lately", member.Id, expiresAt: closedBefore + TimeSpan.FromHours(1), EmailChangeState.Rejected, decidedAt: closedBefore + Second),
                // Proposed long ago, still open: a long Staff:EmailChangeLifetime must not lose it.
                Proposal("pending", member.Id, expiresAt: now + Second, proposedAt: now - Retention - Retention));
            db.AuditEvents.Add(new AuditEvent
            {
                At = now - Retention - Retention, Kind = AuditKind.StaffEmailChangeProposed, MemberId = member.Id, StaffId = "agent1", StaffReason = "CalledBackNumberOnFile",
            });
            await db.SaveChangesAsync();
        }

        var result = await host.Get<PurgeExpiredData>().ExecuteAsync();

        Assert.Equal(new PurgeResult(0, 0, 0, 0, 0, 0, EmailChangeProposals: 3), result);
        await using var check = host.NewDbContext();
        Assert.Equal(
            ["approved-lately", "expired-lately", "pending", "rejected-lately"],
            await check.Set<EmailChangeProposal>().OrderBy(p => p.Note).Select(p => p.Note).ToListAsync());
        Assert.Equal(1, await check.AuditEvents.CountAsync(e => e.Kind == AuditKind.StaffEmailChangeProposed && e.MemberId == member.Id));
        var after = await check.Members.SingleAsync(m => m.Id == member.Id);
        Assert.Equal((member.Email, member.NormalizedEmail), (after.Email, after.NormalizedEmail));
    }

    [DatabaseTheory]
    public async Task Start_EmailChangeRetentionNotPositive_RefusesToStart(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Retention:EmailChangeRetention"] = "00:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<RetentionOptions>>().Value);

        Assert.Contains("Retention:EmailChangeRetention", error.Message);
    }

    private static EmailChangeProposal Proposal(
        string note, Guid memberId, DateTimeOffset expiresAt, EmailChangeState state = EmailChangeState.Pending, DateTimeOffset? decidedAt = null,
        DateTimeOffset? proposedAt = null) => new()
        {
            Id = Guid.NewGuid(),
            MemberId = memberId,
            NewEmail = $"{note}@example.org",
            NewNormalizedEmail = $"{note}@example.org",
            Verification = default,
            Note = note,
            ProposedBy = "agent1",
            ProposedAt = proposedAt ?? expiresAt - TimeSpan.FromDays(2),
            ExpiresAt = expiresAt,
            State = state,
            DecidedBy = decidedAt is null ? null : "superviseur1",
            DecidedAt = decidedAt,
        };
}
