using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>The audit search over real HTTP: supervisors only; the CSV export posts with antiforgery and is audited once.</summary>
public sealed class StaffAuditPageTests
{
    private const string Path = "/soutien/journal";
    private const string Export = "/soutien/journal/csv";

    private static async Task<Member> LookUpAsync(RecoveryWebFactory factory)
    {
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent, "agent1");
        var member = DemoMembers.All[0];
        await RecoveryWebFactory.PostFormAsync(
            agent, "/soutien/membres", new Dictionary<string, string> { ["Input.Identifier"] = member.Email, ["Input.Reason"] = "MemberCalled" });
        await using var db = factory.NewDbContext();
        return await db.Members.SingleAsync(m => m.UserCode == member.UserCode);
    }

    [DatabaseTheory]
    public async Task Search_ByMemberAsSupervisor_ShowsTheRowsAndNoSecret(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var member = await LookUpAsync(factory);
        var supervisor = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(supervisor, "superviseur1");

        var page = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"{Path}?membre={member.UserCode}&type=StaffMemberLookedUp"));

        Assert.Contains("· Membre recherché par le soutien", page);
        Assert.Contains("Membre recherché par le soutien</option>", page);
        Assert.DoesNotContain(">StaffMemberLookedUp<", page);
        Assert.DoesNotContain("· StaffMemberLookedUp", page);
        Assert.Contains("agent1", page);
        Assert.DoesNotContain(member.PasswordHash!, page);
        Assert.DoesNotContain(member.SecurityStamp, page);
        await using var db = factory.NewDbContext();
        Assert.All(await db.AuditEvents.Where(e => e.ClientIpHash != null).Select(e => e.ClientIpHash!).ToListAsync(), hash => Assert.DoesNotContain(hash, page));
    }

    [DatabaseTheory]
    public async Task Search_InEnglish_ShowsKindsInEnglishWordsAndPostsTheCode(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var member = await LookUpAsync(factory);
        var supervisor = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(supervisor, "superviseur1");
        supervisor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-CA");

        var page = WebUtility.HtmlDecode(await supervisor.GetStringAsync($"{Path}?membre={member.UserCode}&type=StaffMemberLookedUp"));

        Assert.Contains("· Member looked up by staff", page);
        Assert.Contains("<option value=\"StaffSuspensionLifted\">Suspension lifted by staff</option>", page);
        Assert.DoesNotContain("Membre recherché par le soutien", page);
        Assert.DoesNotContain(">StaffMemberLookedUp<", page);
        Assert.DoesNotContain("· StaffMemberLookedUp", page);
    }

    [DatabaseTheory]
    public async Task Export_WithToken_SendsCsvAndAuditsTheExportOnce(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var member = await LookUpAsync(factory);
        var supervisor = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(supervisor, "superviseur2");

        var response = await RecoveryWebFactory.PostFormAsync(
            supervisor, $"{Path}?membre={member.UserCode}", new Dictionary<string, string> { ["membre"] = member.UserCode }, Export);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains($"StaffMemberLookedUp,{member.UserCode},agent1,MemberCalled,Membre recherché par le soutien\r\n", csv);
        await using var db = factory.NewDbContext();
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffAuditExported).ToListAsync());
        Assert.Equal("superviseur2", row.StaffId);
    }

    [DatabaseTheory]
    public async Task Export_WithoutTokenOrAsSupport_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var supervisor = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(supervisor, "superviseur1");
        var support = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(support, "agent1");
        var fields = await RecoveryWebFactory.FormFieldsAsync(supervisor, Path, new Dictionary<string, string>());
        fields.Remove("__RequestVerificationToken");

        var forged = await supervisor.PostAsync(Export, new FormUrlEncodedContent(fields));
        var bySupport = await RecoveryWebFactory.PostFormAsync(support, "/soutien/membres", new Dictionary<string, string>(), Export);
        var searchBySupport = await support.GetAsync(Path);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (bySupport.StatusCode, searchBySupport.StatusCode));
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffAuditExported));
    }
}
