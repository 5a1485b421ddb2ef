using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Staff;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>
/// The four-eyes email change over real HTTP: an agent proposes, a different supervisor approves; support cannot
/// approve, nor a supervisor their own proposal; no post without antiforgery; one audit row per step; no secret shown.
/// </summary>
public sealed class StaffEmailChangePageTests
{
    private const string Propose = "/soutien/courriel/proposer";
    private const string Approvals = "/soutien/courriel/approbations";
    private const string NewEmail = "nouvelle.adresse@exemple.qc.ca";

    private static Dictionary<string, string> Proposal(string member) => new()
    {
        ["Input.Member"] = member,
        ["Input.NewEmail"] = NewEmail,
        ["Input.Verification"] = nameof(EmailChangeVerification.IdentityDocumentSeen),
        ["Input.Note"] = "Permis vu en vidéo",
    };

    private static async Task<Guid> ProposeAsync(RecoveryWebFactory factory, string identity)
    {
        var staff = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(staff, identity);
        var response = await RecoveryWebFactory.PostFormAsync(staff, Propose, Proposal(DemoMembers.All[0].UserCode));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Proposition enregistrée", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = factory.NewDbContext();
        return (await db.Set<EmailChangeProposal>().SingleAsync()).Id;
    }

    private static async Task<string> SnapshotAsync(RecoveryWebFactory factory)
    {
        await using var db = factory.NewDbContext();
        return await DatabaseSnapshot.TakeAsync(db, withRateLimitWindows: false);
    }

    private static Dictionary<string, string> Decision(string page, string decision)
    {
        var fields = RecoveryWebFactory.FormFields(page, new Dictionary<string, string> { ["decision"] = decision });
        fields["_handler"] = "decide-email-change";
        return fields;
    }

    [DatabaseTheory]
    public async Task Approve_ByAnotherSupervisor_ChangesTheEmailOneAuditRowPerStepNoSecret(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var id = await ProposeAsync(factory, "agent1");
        var supervisor = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(supervisor, "superviseur1");

        var queue = WebUtility.HtmlDecode(await supervisor.GetStringAsync(Approvals));
        var response = await supervisor.PostAsync(Approvals, new FormUrlEncodedContent(Decision(await supervisor.GetStringAsync(Approvals), $"approve:{id}")));

        Assert.Contains(NewEmail, queue);
        Assert.Contains("Permis vu en vidéo", queue);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Approuvé : le courriel du membre est changé", page);
        await using var db = factory.NewDbContext();
        var member = await db.Members.SingleAsync(m => m.UserCode == DemoMembers.All[0].UserCode);
        Assert.Equal(NewEmail, member.Email);
        Assert.All([queue, page], html =>
        {
            Assert.DoesNotContain(member.PasswordHash!, html);
            Assert.DoesNotContain(member.SecurityStamp, html);
        });
        var rows = await db.AuditEvents.Where(e => e.StaffId != null && e.Kind != AuditKind.StaffSignedIn).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [(AuditKind.StaffEmailChangeProposed, "agent1"), (AuditKind.StaffEmailChangeApproved, "superviseur1")],
            rows.Select(r => (r.Kind, r.StaffId!)).ToArray());
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == MailKinds.EmailChanged));
    }

    [DatabaseTheory]
    public async Task Approve_AsSupport_IsForbiddenAndChangesNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var id = await ProposeAsync(factory, "agent1");
        var support = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(support, "agent2");
        var before = await SnapshotAsync(factory);

        var get = await support.GetAsync(Approvals);
        var post = await support.PostAsync(Approvals, new FormUrlEncodedContent(Decision(await support.GetStringAsync(Propose), $"approve:{id}")));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (get.StatusCode, post.StatusCode));
        Assert.Equal(before, await SnapshotAsync(factory));
    }

    [DatabaseTheory]
    public async Task Approve_OwnProposal_SaysWhyAndChangesNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var id = await ProposeAsync(factory, "superviseur1");
        var supervisor = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(supervisor, "superviseur1");
        var before = await SnapshotAsync(factory);

        var response = await supervisor.PostAsync(Approvals, new FormUrlEncodedContent(Decision(await supervisor.GetStringAsync(Approvals), $"approve:{id}")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Vous avez fait cette proposition : un autre superviseur doit l'approuver.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await SnapshotAsync(factory));
    }

    [DatabaseTheory]
    public async Task Post_WithoutAntiforgeryToken_IsRefusedAndChangesNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var id = await ProposeAsync(factory, "agent1");
        var supervisor = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(supervisor, "superviseur1");
        var before = await SnapshotAsync(factory);
        var decision = Decision(await supervisor.GetStringAsync(Approvals), $"approve:{id}");
        decision.Remove("__RequestVerificationToken");
        var proposal = await RecoveryWebFactory.FormFieldsAsync(supervisor, Propose, Proposal(DemoMembers.All[0].Email));
        proposal.Remove("__RequestVerificationToken");

        var approve = await supervisor.PostAsync(Approvals, new FormUrlEncodedContent(decision));
        var propose = await supervisor.PostAsync(Propose, new FormUrlEncodedContent(proposal));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (approve.StatusCode, propose.StatusCode));
        Assert.Equal(before, await SnapshotAsync(factory));
    }

    [DatabaseTheory]
    public async Task Propose_EmailOfAnotherMember_SaysWhyAndWritesNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        agent.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-CA");
        var before = await SnapshotAsync(factory);
        var fields = Proposal(DemoMembers.All[0].UserCode);
        fields["Input.NewEmail"] = DemoMembers.All[1].Email;

        var response = await RecoveryWebFactory.PostFormAsync(agent, Propose, fields);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<h1 tabindex=\"-1\">Propose a new email</h1>", page);
        Assert.Contains("This email is already this member's or another member's.", page);
        Assert.Equal(before, await SnapshotAsync(factory));
    }
}
