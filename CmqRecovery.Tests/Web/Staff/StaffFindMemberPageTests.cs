using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>« Trouver un membre » over HTTP: the member found without a secret on the page, one audit row per lookup with who and why.</summary>
public sealed class StaffFindMemberPageTests
{
    private const string Path = "/soutien/membres";

    private static Dictionary<string, string> Lookup(string identifier, string? reason) => reason is null
        ? new() { ["Input.Identifier"] = identifier }
        : new() { ["Input.Identifier"] = identifier, ["Input.Reason"] = reason };

    [DatabaseTheory]
    public async Task Find_ExactEmail_ShowsTheMemberNoSecretAndOneAuditRow(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent, "agent2");
        var member = DemoMembers.All[0];

        var response = await RecoveryWebFactory.PostFormAsync(agent, Path, Lookup(member.Email, "MemberCalled"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        await using var db = factory.NewDbContext();
        var stored = await db.Members.SingleAsync(m => m.UserCode == member.UserCode);
        Assert.Contains(stored.DisplayName, page);
        Assert.Contains(stored.UserCode, page);
        Assert.DoesNotContain(stored.PasswordHash!, page);
        Assert.DoesNotContain(stored.SecurityStamp, page);
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffMemberLookedUp).ToListAsync());
        Assert.Equal((stored.Id, "agent2", "MemberCalled"), (row.MemberId, row.StaffId, row.StaffReason));
    }

    [DatabaseTheory]
    public async Task Find_UnknownEmail_SaysNoMemberAndAuditsTheLookup(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);

        var response = await RecoveryWebFactory.PostFormAsync(agent, Path, Lookup("personne@exemple.qc.ca", "FollowUp"));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Aucun membre n'a exactement ce code d'utilisateur ou ce courriel.", page);
        await using var db = factory.NewDbContext();
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffMemberLookedUp).ToListAsync());
        Assert.Equal((null, "agent1", "FollowUp"), (row.MemberId, row.StaffId, row.StaffReason));
    }

    [DatabaseTheory]
    [DatabaseData(null, true, HttpStatusCode.OK, "Choisissez la raison de la recherche.", "lookup-reason")]
    [DatabaseData("MemberCalled", false, HttpStatusCode.BadRequest, null, null)]
    public async Task Find_NoReasonOrNoAntiforgeryToken_RefusedAndAuditsNothing(
        DatabaseProvider provider, string? reason, bool withToken, HttpStatusCode status, string? message, string? invalidField)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var fields = await RecoveryWebFactory.FormFieldsAsync(agent, Path, Lookup(DemoMembers.All[0].Email, reason));
        if (!withToken)
        {
            fields.Remove("__RequestVerificationToken");
        }

        var response = await agent.PostAsync(Path, new FormUrlEncodedContent(fields));

        Assert.Equal(status, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(DemoMembers.All[0].UserCode, page);
        if (message is not null)
        {
            Assert.Contains(message, page);
            Assert.Matches($"id=\"{invalidField}\"[^>]*aria-invalid=\"true\"", page);
        }

        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffMemberLookedUp));
    }

    [DatabaseTheory]
    public async Task Find_MalformedIdentifier_MarksTheFieldAndWritesNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);

        var response = await RecoveryWebFactory.PostFormAsync(agent, Path, Lookup("1234", "MemberCalled"));

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Ce n'est ni un code d'utilisateur ni un courriel valide.", page);
        Assert.Matches("id=\"member-identifier\"[^>]*aria-invalid=\"true\"", page);
        Assert.Matches("id=\"lookup-reason\"[^>]*>", page);
        Assert.DoesNotMatch("id=\"lookup-reason\"[^>]*aria-invalid", page);
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffMemberLookedUp));
    }

    [DatabaseTheory]
    public async Task Find_InEnglish_SpeaksEnglish(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        agent.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-CA");

        var page = WebUtility.HtmlDecode(await agent.GetStringAsync(Path));

        Assert.Contains("<h1 tabindex=\"-1\">Find a member</h1>", page);
        Assert.Contains("for=\"member-identifier\">User code or email</label>", page);
    }
}
