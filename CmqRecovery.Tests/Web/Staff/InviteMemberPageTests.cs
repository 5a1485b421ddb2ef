using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>« Envoyer une invitation » on the status page over real HTTP: antiforgery, a reason, one audit row and the invitation queued; nothing when refused.</summary>
public sealed class InviteMemberPageTests
{
    private const string Button = "Envoyer une invitation";

    private static async Task<Member> WithoutPasswordAsync(RecoveryWebFactory factory)
    {
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        await using var db = factory.NewDbContext();
        await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.PasswordHash, (string?)null));
        return member;
    }

    private static async Task AssertNothingHappenedAsync(RecoveryWebFactory factory, Member member)
    {
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffInvitationSent));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.MemberId == member.Id));
        Assert.False(await db.Set<Invitation>().AnyAsync(i => i.MemberId == member.Id));
    }

    [DatabaseTheory]
    [DatabaseData("agent1")]
    [DatabaseData("superviseur1")]
    public async Task InviteMember_Posted_OneAuditRowAndTheInvitationQueued(DatabaseProvider provider, string identity)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent, identity);
        var member = await WithoutPasswordAsync(factory);
        Assert.Contains(Button, await (await StaffMemberStatusPageTests.ViewAsync(agent, member.Id)).Content.ReadAsStringAsync());

        var response = await StaffMemberStatusPageTests.PostAsync(agent, "invite-member", "Invite", member.Id, "MemberCalled");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("L'invitation est envoyée; une invitation encore ouverte ne fonctionne plus.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = factory.NewDbContext();
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffInvitationSent).ToListAsync());
        Assert.Equal((member.Id, identity, "MemberCalled"), (row.MemberId, row.StaffId, row.StaffReason));
        Assert.Single(await db.OutboxMessages.Where(m => m.MemberId == member.Id && m.Kind == MailKinds.Invitation).ToListAsync());
        Assert.Single(await db.Set<Invitation>().Where(i => i.MemberId == member.Id).ToListAsync());
    }

    [DatabaseTheory]
    public async Task InviteMember_NoReason_AsksForOneAndNothingHappened(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await WithoutPasswordAsync(factory);

        var response = await StaffMemberStatusPageTests.PostAsync(agent, "invite-member", "Invite", member.Id, reason: null);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Choisissez la raison.", page);
        Assert.Contains("id=\"invite-reason\" name=\"Invite.Reason\" aria-invalid=\"true\"", page);
        await AssertNothingHappenedAsync(factory, member);
    }

    [DatabaseTheory]
    public async Task InviteMember_WithoutAntiforgeryToken_IsRefusedAndNothingHappened(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await WithoutPasswordAsync(factory);

        var response = await agent.PostAsync(StaffMemberStatusPageTests.Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "invite-member", ["Invite.MemberId"] = member.Id.ToString(), ["Invite.Reason"] = "MemberCalled",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingHappenedAsync(factory, member);
    }

    [DatabaseTheory]
    public async Task InviteMember_MemberWithAPassword_NoButtonAndAPostIsRefused(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        Assert.DoesNotContain(Button, await (await StaffMemberStatusPageTests.ViewAsync(agent, member.Id)).Content.ReadAsStringAsync());

        var response = await StaffMemberStatusPageTests.PostAsync(agent, "invite-member", "Invite", member.Id, "MemberCalled");

        Assert.Contains("Ce membre a déjà choisi un mot de passe : aucune invitation n'a été envoyée.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await AssertNothingHappenedAsync(factory, member);
    }
}
