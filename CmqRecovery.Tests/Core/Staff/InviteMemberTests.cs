using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>
/// « Envoyer une invitation »: one member without a password, one new invitation (an open one superseded), its mail,
/// one audit row with who and why; refused with nothing written or mailed for no reason, no such active member, a
/// password already chosen, the hour's budget spent, or a register run holding the lock.
/// </summary>
public sealed class InviteMemberTests
{
    private static readonly StaffActor Agent = new("agent1");

    /// <summary>A member of the register who never chose a password.</summary>
    private static async Task<Member> WithoutPasswordAsync(CoreTestHost host, int index = 0)
    {
        var member = await host.AddDemoMemberAsync(index);
        await using var db = host.NewDbContext();
        await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.PasswordHash, (string?)null));
        return member;
    }

    private static async Task<(List<AuditEvent> Staff, List<OutboxMessage> Mails, List<Invitation> Invitations)> WrittenAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        return (await db.AuditEvents.Where(e => e.StaffId != null).ToListAsync(), await db.OutboxMessages.ToListAsync(),
            await db.Set<Invitation>().AsNoTracking().ToListAsync());
    }

    [DatabaseTheory]
    public async Task InviteMember_NoPasswordWithAnOpenInvitation_OneNewInvitationMailedAuditedAndTheOldSuperseded(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await WithoutPasswordAsync(host);
        var (older, _) = await InvitationTestKit.AddInvitationAsync(host, member.Id);
        host.Time.Advance(TimeSpan.FromMinutes(5));

        var result = await host.Get<InviteMember>().ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent);

        Assert.Equal(Outcome.Passed, result.Outcome);
        Assert.Equal(member.Id, result.Value!.Member.Id);
        var (staff, mails, invitations) = await WrittenAsync(host);
        var row = Assert.Single(staff);
        Assert.Equal((AuditKind.StaffInvitationSent, member.Id, "agent1", "MemberCalled"), (row.Kind, row.MemberId, row.StaffId, row.StaffReason));
        var mail = Assert.Single(mails);
        Assert.Equal((MailKinds.Invitation, member.Email, member.Id), (mail.Kind, mail.To, mail.MemberId));
        Assert.Equal(host.Time.GetUtcNow(), invitations.Single(i => i.Id == older.Id).SupersededAt);
        var fresh = Assert.Single(invitations, i => i.Id != older.Id);
        Assert.Equal((member.Id, (DateTimeOffset?)null, host.Time.GetUtcNow()), (fresh.MemberId, fresh.SupersededAt, fresh.CreatedAt));
        Assert.Equal(LinkStatus.Valid, fresh.Check(host.Time.GetUtcNow()));
    }

    [DatabaseTheory]
    public async Task InviteMember_NoReasonUnknownDeactivatedOrWithAPassword_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await WithoutPasswordAsync(host);
        var gone = await WithoutPasswordAsync(host, 1);
        var activated = await host.AddDemoMemberAsync(2);
        await using (var db = host.NewDbContext())
        {
            await db.Members.Where(m => m.Id == gone.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.DeactivatedAt, host.Time.GetUtcNow()));
        }

        var invite = host.Get<InviteMember>();

        Assert.Equal(Outcome.ReasonRequired, (await invite.ExecuteAsync(member.Id, null, Agent)).Outcome);
        Assert.Equal(Outcome.ReasonRequired, (await invite.ExecuteAsync(member.Id, (StaffReason)42, Agent)).Outcome);
        Assert.Equal(Outcome.UnknownMember, (await invite.ExecuteAsync(Guid.NewGuid(), StaffReason.MemberCalled, Agent)).Outcome);
        Assert.Equal(Outcome.UnknownMember, (await invite.ExecuteAsync(gone.Id, StaffReason.MemberCalled, Agent)).Outcome);
        Assert.Equal(Outcome.MemberHasPassword, (await invite.ExecuteAsync(activated.Id, StaffReason.MemberCalled, Agent)).Outcome);
        var (staff, mails, invitations) = await WrittenAsync(host);
        Assert.Empty(staff);
        Assert.Empty(mails);
        Assert.Empty(invitations);
    }

    [DatabaseTheory]
    public async Task InviteMember_HourlyBudgetSpent_RefusedAndNothingWrittenUntilTheWindowMoves(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Register:InvitationsPerHour"] = "1" });
        var member = await WithoutPasswordAsync(host);
        var other = await WithoutPasswordAsync(host, 1);
        var (spent, _) = await InvitationTestKit.AddInvitationAsync(host, other.Id);
        host.Time.Advance(TimeSpan.FromMinutes(59));
        var invite = host.Get<InviteMember>();

        var refused = await invite.ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent);

        Assert.Equal(Outcome.InvitationBudgetReached, refused.Outcome);
        var (staff, mails, invitations) = await WrittenAsync(host);
        Assert.Empty(staff);
        Assert.Empty(mails);
        Assert.Equal(spent.Id, Assert.Single(invitations).Id);

        // The same window as a register run: an hour after the last invitation, the budget is there again.
        host.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(Outcome.Passed, (await invite.ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent)).Outcome);
    }

    [DatabaseTheory]
    public async Task InviteMember_RegisterRunHoldsTheLock_RefusedBusyAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await WithoutPasswordAsync(host);
        var invite = host.Get<InviteMember>();

        await using (await host.Get<RegisterRunLock>().AcquireAsync())
        {
            Assert.Equal(Outcome.RegisterBusy, (await invite.ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent)).Outcome);
            var (staff, mails, invitations) = await WrittenAsync(host);
            Assert.Empty(staff);
            Assert.Empty(mails);
            Assert.Empty(invitations);
        }

        // Released with the run: the agent's next try goes ahead, and releases the lock in turn.
        Assert.Equal(Outcome.Passed, (await invite.ExecuteAsync(member.Id, StaffReason.MemberCalled, Agent)).Outcome);
        await using (await host.Get<RegisterRunLock>().AcquireAsync())
        {
        }
    }
}
