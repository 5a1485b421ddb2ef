using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>
/// Four eyes on a member's email: proposed by one agent, approved by a different supervisor within its lifetime; the
/// change, both notices and the closed links in one step; one audit row per step with who; every refusal changes nothing.
/// </summary>
public sealed class EmailChangeTests
{
    private const string NewEmail = "nouvelle.adresse@exemple.qc.ca";
    private static readonly StaffActor Agent = new("agent1");
    private static readonly StaffActor Supervisor = new("superviseur1");

    private static EmailChangeRequest Request(Member member, string newEmail = NewEmail) =>
        new(member.UserCode, newEmail, EmailChangeVerification.CalledBackNumberOnFile, "Rappel au numéro du dossier");

    private static async Task<EmailChangeProposal> ProposeAsync(CoreTestHost host, Member member, StaffActor? by = null, string newEmail = NewEmail)
    {
        var proposed = await host.Get<ProposeEmailChange>().ExecuteAsync(Request(member, newEmail), by ?? Agent);
        Assert.Equal(Outcome.Passed, proposed.Outcome);
        return proposed.Value!;
    }

    private static async Task<string> SnapshotAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        return await DatabaseSnapshot.TakeAsync(db);
    }

    [DatabaseTheory]
    public async Task Approve_ByAnotherSupervisor_ChangesEmailMailsBothAddressesClosesLinksAndAuditsEachStep(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        await using (var db = host.NewDbContext())
        {
            db.RecoveryRequests.Add(RecoveryTokens.NewRequest(member.Id, host.Time.GetUtcNow(), TimeSpan.FromMinutes(30)).Request);
            await db.SaveChangesAsync();
        }

        var proposal = await ProposeAsync(host, member);
        var approved = await host.Get<ApproveEmailChange>().ExecuteAsync(proposal.Id, Supervisor, isSupervisor: true);

        Assert.Equal(Outcome.Passed, approved.Outcome);
        await using var check = host.NewDbContext();
        var stored = await check.Members.SingleAsync(m => m.Id == member.Id);
        Assert.Equal((NewEmail, Member.NormalizeEmail(NewEmail)), (stored.Email, stored.NormalizedEmail));
        var mails = await check.OutboxMessages.Where(m => m.Kind == MailKinds.EmailChanged).Select(m => m.To).ToListAsync();
        Assert.Equal(new[] { member.Email, NewEmail }.Order(StringComparer.Ordinal), mails.Order(StringComparer.Ordinal));
        Assert.All(await check.RecoveryRequests.ToListAsync(), r => Assert.NotNull(r.SupersededAt));
        var rows = await check.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [(AuditKind.StaffEmailChangeProposed, "agent1"), (AuditKind.StaffEmailChangeApproved, "superviseur1")],
            rows.Select(r => (r.Kind, r.StaffId!)).ToArray());
        Assert.All(rows, r => Assert.Equal((member.Id, "CalledBackNumberOnFile"), (r.MemberId!.Value, r.StaffReason)));
        var closed = await check.Set<EmailChangeProposal>().SingleAsync();
        Assert.Equal((EmailChangeState.Approved, "superviseur1"), (closed.State, closed.DecidedBy));
    }

    [DatabaseTheory]
    public async Task Approve_BySupportOrOwnProposal_RefusedAndNothingChanged(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var byAgent = await ProposeAsync(host, member);
        var bySupervisor = await ProposeAsync(host, await host.AddDemoMemberAsync(2), Supervisor, "autre.adresse@exemple.qc.ca");
        var before = await SnapshotAsync(host);
        var approve = host.Get<ApproveEmailChange>();

        Assert.Equal(Outcome.NotSupervisor, (await approve.ExecuteAsync(byAgent.Id, new StaffActor("agent2"), isSupervisor: false)).Outcome);
        Assert.Equal(Outcome.OwnProposal, (await approve.ExecuteAsync(bySupervisor.Id, Supervisor, isSupervisor: true)).Outcome);
        Assert.Equal(Outcome.NotSupervisor, (await host.Get<RejectEmailChange>().ExecuteAsync(byAgent.Id, Agent, isSupervisor: false)).Outcome);

        Assert.Equal(before, await SnapshotAsync(host));
    }

    [DatabaseTheory]
    public async Task Approve_PastItsLifetime_RefusedAndNothingChanged(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var proposal = await ProposeAsync(host, member);
        Assert.Equal(TimeSpan.FromHours(48), proposal.ExpiresAt - proposal.ProposedAt);
        host.Time.Advance(TimeSpan.FromHours(48));
        var before = await SnapshotAsync(host);

        var approved = await host.Get<ApproveEmailChange>().ExecuteAsync(proposal.Id, Supervisor, isSupervisor: true);

        Assert.Equal(Outcome.ProposalExpired, approved.Outcome);
        Assert.Equal(before, await SnapshotAsync(host));
        Assert.Empty(await host.Get<ListEmailChangeProposals>().ExecuteAsync());
    }

    [DatabaseTheory]
    public async Task Approve_EmailTakenOrMemberGoneSinceTheProposal_RefusedAndNothingChanged(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var leaving = await host.AddDemoMemberAsync(2);
        var taken = await ProposeAsync(host, member, newEmail: DemoMembers.All[1].Email);
        var gone = await ProposeAsync(host, leaving);
        await host.AddDemoMemberAsync(1);
        await using (var db = host.NewDbContext())
        {
            await db.Members.Where(m => m.Id == leaving.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.DeactivatedAt, host.Time.GetUtcNow()));
        }

        var before = await SnapshotAsync(host);
        var approve = host.Get<ApproveEmailChange>();

        Assert.Equal(Outcome.MemberGone, (await approve.ExecuteAsync(gone.Id, Supervisor, isSupervisor: true)).Outcome);
        Assert.Equal(Outcome.EmailTaken, (await approve.ExecuteAsync(taken.Id, Supervisor, isSupervisor: true)).Outcome);
        Assert.Equal(before, await SnapshotAsync(host));
    }

    [DatabaseTheory]
    public async Task Approve_TwoSupervisorsAtOnce_OneWinsAndTheOtherChangesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var proposal = await ProposeAsync(host, member);
        var approve = host.Get<ApproveEmailChange>();

        var results = await Task.WhenAll(
            Task.Run(() => approve.ExecuteAsync(proposal.Id, Supervisor, isSupervisor: true)),
            Task.Run(() => approve.ExecuteAsync(proposal.Id, new StaffActor("superviseur2"), isSupervisor: true)));

        Assert.Equal([Outcome.Passed, Outcome.ProposalClosed], results.Select(r => r.Outcome).Order().ToArray());
        await using var db = host.NewDbContext();
        Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffEmailChangeApproved).ToListAsync());
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == MailKinds.EmailChanged));
    }

    [DatabaseTheory]
    public async Task Reject_BySupervisor_KeepsTheEmailAuditsOnceAndClosesTheProposal(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var proposal = await ProposeAsync(host, member);

        var rejected = await host.Get<RejectEmailChange>().ExecuteAsync(proposal.Id, Supervisor, isSupervisor: true);
        var before = await SnapshotAsync(host);
        var again = await host.Get<ApproveEmailChange>().ExecuteAsync(proposal.Id, new StaffActor("superviseur2"), isSupervisor: true);

        Assert.Equal((Outcome.Passed, Outcome.ProposalClosed), (rejected.Outcome, again.Outcome));
        Assert.Equal(before, await SnapshotAsync(host));
        await using var db = host.NewDbContext();
        Assert.Equal(member.Email, (await db.Members.SingleAsync()).Email);
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffEmailChangeRejected).ToListAsync());
        Assert.Equal("superviseur1", row.StaffId);
        Assert.Empty(await db.OutboxMessages.ToListAsync());
    }

    [DatabaseTheory]
    public async Task Propose_BadInput_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var other = await host.AddDemoMemberAsync(1);
        var propose = host.Get<ProposeEmailChange>();
        var good = Request(member);
        var before = await SnapshotAsync(host);

        Assert.Equal(Outcome.ReasonRequired, (await propose.ExecuteAsync(good with { Verification = null }, Agent)).Outcome);
        Assert.Equal(Outcome.ReasonRequired, (await propose.ExecuteAsync(good with { Verification = (EmailChangeVerification)99 }, Agent)).Outcome);
        Assert.Equal(Outcome.NoteInvalid, (await propose.ExecuteAsync(good with { Note = "  " }, Agent)).Outcome);
        Assert.Equal(Outcome.NoteInvalid, (await propose.ExecuteAsync(good with { Note = new string('n', EmailChangeProposal.MaxNoteLength + 1) }, Agent)).Outcome);
        Assert.Equal(Outcome.MalformedUserCode, (await propose.ExecuteAsync(good with { Member = "1234" }, Agent)).Outcome);
        Assert.Equal(Outcome.UnknownMember, (await propose.ExecuteAsync(good with { Member = "x" + member.Email }, Agent)).Outcome);
        Assert.Equal(Outcome.NewEmailInvalid, (await propose.ExecuteAsync(good with { NewEmail = "pas une adresse" }, Agent)).Outcome);
        Assert.Equal(Outcome.EmailTaken, (await propose.ExecuteAsync(good with { NewEmail = other.Email.ToUpperInvariant() }, Agent)).Outcome);
        Assert.Equal(Outcome.EmailTaken, (await propose.ExecuteAsync(good with { NewEmail = member.Email }, Agent)).Outcome);

        Assert.Equal(before, await SnapshotAsync(host));
    }

    [DatabaseTheory]
    public async Task Propose_WhileAnotherWaits_RefusedUntilItExpires(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var propose = host.Get<ProposeEmailChange>();
        Assert.Equal(Outcome.Passed, (await propose.ExecuteAsync(Request(member), Agent)).Outcome);
        var before = await SnapshotAsync(host);

        var second = await propose.ExecuteAsync(Request(member) with { NewEmail = "autre.adresse@example.org" }, Agent);

        Assert.Equal(Outcome.ProposalPending, second.Outcome);
        Assert.Equal(before, await SnapshotAsync(host));
        host.Time.Advance(host.Get<Microsoft.Extensions.Options.IOptions<EmailChangeOptions>>().Value.EmailChangeLifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(Outcome.Passed, (await propose.ExecuteAsync(Request(member) with { NewEmail = "autre.adresse@example.org" }, Agent)).Outcome);
    }
}
