using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>Exact lookups only, a reason always, one audit row per lookup with who and why; malformed input writes nothing.</summary>
public sealed class FindMemberTests
{
    private static readonly StaffActor Agent = new("agent1");

    [DatabaseTheory]
    public async Task Execute_ExactEmailOrUserCode_FindsTheMemberAndAuditsEachLookup(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var find = host.Get<FindMember>();

        var byEmail = await find.ExecuteAsync("  " + member.Email.ToUpperInvariant() + " ", StaffReason.MemberCalled, Agent);
        var byCode = await find.ExecuteAsync(member.UserCode.ToLowerInvariant(), StaffReason.MailProblem, new StaffActor("superviseur1"));

        Assert.Equal(Outcome.Passed, byEmail.Outcome);
        Assert.Equal(member.Id, byEmail.Value!.Id);
        Assert.Equal(member.Id, byCode.Value!.Id);
        await using var db = host.NewDbContext();
        var rows = await db.AuditEvents.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.Equal((AuditKind.StaffMemberLookedUp, member.Id), (row.Kind, row.MemberId)));
        Assert.Equal(("agent1", "MemberCalled"), (rows[0].StaffId, rows[0].StaffReason));
        Assert.Equal(("superviseur1", "MailProblem"), (rows[1].StaffId, rows[1].StaffReason));
    }

    [DatabaseTheory]
    public async Task Execute_PartialOrUnknown_FindsNoOneButAuditsTheLookup(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var find = host.Get<FindMember>();
        var domain = member.Email[member.Email.IndexOf('@', StringComparison.Ordinal)..];

        var partial = await find.ExecuteAsync("x" + member.Email, StaffReason.MemberCalled, Agent);
        var unknownCode = await find.ExecuteAsync("99999", StaffReason.MemberCalled, Agent);
        var otherAtDomain = await find.ExecuteAsync("quelquun" + domain, StaffReason.MemberCalled, Agent);

        Assert.All([partial, unknownCode, otherAtDomain], result => Assert.Equal((Outcome.UnknownMember, null), (result.Outcome, result.Value)));
        await using var db = host.NewDbContext();
        var rows = await db.AuditEvents.ToListAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal((AuditKind.StaffMemberLookedUp, (Guid?)null, "agent1"), (row.Kind, row.MemberId, row.StaffId)));
    }

    [DatabaseTheory]
    public async Task Execute_NoReasonOrMalformed_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var find = host.Get<FindMember>();

        Assert.Equal(Outcome.ReasonRequired, (await find.ExecuteAsync(member.Email, null, Agent)).Outcome);
        Assert.Equal(Outcome.ReasonRequired, (await find.ExecuteAsync(member.Email, (StaffReason)99, Agent)).Outcome);
        Assert.Equal(Outcome.NothingGiven, (await find.ExecuteAsync("  ", StaffReason.MemberCalled, Agent)).Outcome);
        Assert.Equal(Outcome.MalformedEmail, (await find.ExecuteAsync("%@%", StaffReason.MemberCalled, Agent)).Outcome);
        Assert.Equal(Outcome.MalformedUserCode, (await find.ExecuteAsync("1234", StaffReason.MemberCalled, Agent)).Outcome);
        Assert.Equal(Outcome.MalformedEmail, (await find.ExecuteAsync(new string('a', 300) + "@cmq.org", StaffReason.MemberCalled, Agent)).Outcome);

        await using var db = host.NewDbContext();
        Assert.Empty(await db.AuditEvents.ToListAsync());
    }
}
