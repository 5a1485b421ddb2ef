using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>The « Non » queue over real HTTP: the time and nothing that names the member; marked handled once, audited.</summary>
public sealed class StaffDisputesPageTests
{
    private const string Path = "/soutien/reponses-non";

    private static async Task<(long Id, Member Member)> DisputeAsync(RecoveryWebFactory factory)
    {
        await using var db = factory.NewDbContext();
        var member = await db.Members.SingleAsync(m => m.UserCode == DemoMembers.All[0].UserCode);
        return (await DisputedEmailsTests.DisputeAsync(db, member.Id, DateTimeOffset.UtcNow), member);
    }

    [DatabaseTheory]
    public async Task Queue_ANoAnswer_ShowsItsTimeAndNothingThatNamesTheMember(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var (id, member) = await DisputeAsync(factory);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);

        var page = WebUtility.HtmlDecode(await agent.GetStringAsync(Path));

        Assert.Contains($"id=\"dispute-{id}\"", page);
        Assert.All(
            [member.DisplayName, member.UserCode, member.Email, EmailAddress.Mask(member.Email), member.Id.ToString()],
            fact => Assert.DoesNotContain(fact, page, StringComparison.OrdinalIgnoreCase));
    }

    [DatabaseTheory]
    public async Task Handle_WithNote_LeavesTheQueueWithOneAuditRow(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var (id, _) = await DisputeAsync(factory);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent, "agent2");

        var response = await RecoveryWebFactory.PostFormAsync(
            agent, Path, new Dictionary<string, string> { ["Input.Dispute"] = id.ToString(), ["Input.Note"] = "Membre rappelé" });

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Réponse marquée comme traitée.", page);
        Assert.Contains("Aucune réponse « Non » en attente.", page);
        await using var db = factory.NewDbContext();
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffDisputeHandled).ToListAsync());
        Assert.Equal("agent2", row.StaffId);
        Assert.Equal("Membre rappelé", (await db.Set<DisputeFollowUp>().SingleAsync()).Note);
    }

    [DatabaseTheory]
    public async Task Handle_WithoutAntiforgeryTokenOrNote_RefusedAndNothingWritten(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var (id, _) = await DisputeAsync(factory);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var fields = await RecoveryWebFactory.FormFieldsAsync(agent, Path, new Dictionary<string, string> { ["Input.Dispute"] = id.ToString(), ["Input.Note"] = "x" });
        fields.Remove("__RequestVerificationToken");

        var forged = await agent.PostAsync(Path, new FormUrlEncodedContent(fields));
        var noNote = await RecoveryWebFactory.PostFormAsync(agent, Path, new Dictionary<string, string> { ["Input.Dispute"] = id.ToString(), ["Input.Note"] = " " });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Écrivez une note d'au plus 200 caractères.", WebUtility.HtmlDecode(await noNote.Content.ReadAsStringAsync()));
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffDisputeHandled));
        Assert.False(await db.Set<DisputeFollowUp>().AnyAsync());
    }
}
