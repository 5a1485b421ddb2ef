using System.Text;
using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Staff;

/// <summary>The audit search: exact filters, bounded server-side pages; the CSV export neutralises formulas and is audited.</summary>
public sealed class AuditSearchTests
{
    private static readonly AuditQuery All = new(null, null, null, null, null);

    [DatabaseTheory]
    public async Task Search_ByMemberStaffKindAndPeriod_FindsExactlyThoseRowsInBoundedPages(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var other = await host.AddDemoMemberAsync(1);
        var start = host.Time.GetUtcNow();
        await using (var db = host.NewDbContext())
        {
            for (var i = 0; i < SearchAudit.PageSize + 10; i++)
            {
                db.AuditEvents.Add(new AuditEvent { At = start.AddMinutes(i), Kind = AuditKind.Identified, MemberId = member.Id });
            }

            db.AuditEvents.Add(new AuditEvent { At = start.AddDays(2), Kind = AuditKind.StaffMemberLookedUp, MemberId = other.Id, StaffId = "agent2", StaffReason = "FollowUp" });
            await db.SaveChangesAsync();
        }

        var search = host.Get<SearchAudit>();
        var first = (await search.ExecuteAsync(All with { Member = member.UserCode }, 0)).Value!;
        var second = (await search.ExecuteAsync(All with { Member = member.Email.ToUpperInvariant() }, 1)).Value!;
        var byStaff = (await search.ExecuteAsync(All with { StaffId = "agent2" }, 0)).Value!;
        var byKind = (await search.ExecuteAsync(All with { Kind = AuditKind.StaffMemberLookedUp }, 0)).Value!;
        var byPeriod = (await search.ExecuteAsync(All with { From = start.AddMinutes(5), To = start.AddMinutes(8) }, 0)).Value!;
        var farPage = (await search.ExecuteAsync(All, int.MaxValue)).Value!;

        Assert.Equal((SearchAudit.PageSize, true), (first.Rows.Count, first.HasMore));
        Assert.Equal((10, false), (second.Rows.Count, second.HasMore));
        Assert.True(first.Rows[0].At > first.Rows[^1].At);
        Assert.All(first.Rows.Concat(second.Rows), r => Assert.Equal(member.UserCode, r.MemberCode));
        Assert.Equal(other.UserCode, Assert.Single(byStaff.Rows).MemberCode);
        Assert.Equal("agent2", Assert.Single(byKind.Rows).StaffId);
        Assert.Equal(3, byPeriod.Rows.Count);
        Assert.Equal(SearchAudit.MaxPage, farPage.Page);
        Assert.Equal(Outcome.UnknownMember, (await search.ExecuteAsync(All with { Member = "99999" }, 0)).Outcome);
        Assert.Equal(Outcome.PeriodInvalid, (await search.ExecuteAsync(All with { From = start, To = start }, 0)).Outcome);
    }

    [DatabaseTheory]
    public async Task Export_CellsThatAreFormulas_WrittenAsTextAndTheExportAuditedOnce(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        string[] formulas = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"];
        await using (var db = host.NewDbContext())
        {
            foreach (var formula in formulas)
            {
                db.AuditEvents.Add(new AuditEvent { At = host.Time.GetUtcNow(), Kind = AuditKind.StaffMemberLookedUp, StaffId = formula, StaffReason = "MemberCalled" });
            }

            await db.SaveChangesAsync();
        }

        var export = host.Get<ExportAudit>();
        var query = All with { Kind = AuditKind.StaffMemberLookedUp };
        var recorded = await export.RecordAsync(query, new StaffActor("superviseur1"));
        using var output = new MemoryStream();
        await export.WriteAsync(query, kind => $"label of {kind}", output);

        Assert.Equal(Outcome.Passed, recorded.Outcome);
        var csv = Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF');
        Assert.StartsWith(string.Join(',', ExportAudit.Header) + "\r\n", csv);
        Assert.Contains(",label of StaffMemberLookedUp\r\n", csv);
        foreach (var formula in formulas)
        {
            Assert.DoesNotContain("," + formula + ",", csv);
            Assert.Contains("'" + formula, csv);
        }

        await using var check = host.NewDbContext();
        var row = Assert.Single(await check.AuditEvents.Where(e => e.Kind == AuditKind.StaffAuditExported).ToListAsync());
        Assert.Equal("superviseur1", row.StaffId);
    }

    [DatabaseTheory]
    public async Task Export_RefusedFilters_RecordsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);

        var refused = await host.Get<ExportAudit>().RecordAsync(All with { Member = "1234" }, new StaffActor("superviseur1"));

        Assert.Equal(Outcome.MalformedUserCode, refused.Outcome);
        await using var db = host.NewDbContext();
        Assert.Empty(await db.AuditEvents.ToListAsync());
    }
}
