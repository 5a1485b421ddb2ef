using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Staff;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>The status page's actions over real HTTP: one audit row with who and why, the member's mail queued, nothing when refused.</summary>
public sealed class StaffMemberActionsPageTests
{
    /// <summary>Suspends the member's recovery by user code, as five wrong answers would.</summary>
    public static async Task SuspendAsync(RecoveryWebFactory factory, Member member)
    {
        var counters = await MemberCounters.ForAsync(factory.Services.GetRequiredService<ServerKeys>(), member, CancellationToken.None);
        var policy = factory.Services.GetRequiredService<IOptions<RecoveryOptions>>().Value.SuspensionPolicy;
        for (var i = 0; i < policy.LockAfter; i++)
        {
            await factory.Services.GetRequiredService<AttemptLimiter>().ReserveAsync(counters.Suspensions[SuspensionSubject.UserCode], policy);
        }
    }

    [DatabaseTheory]
    [DatabaseData("agent1")]
    [DatabaseData("superviseur1")]
    public async Task LiftSuspension_Posted_OneAuditRowTheMailQueuedAndNoSuspensionShown(DatabaseProvider provider, string identity)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent, identity);
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        await SuspendAsync(factory, member);
        var before = WebUtility.HtmlDecode(await (await StaffMemberStatusPageTests.ViewAsync(agent, member.Id)).Content.ReadAsStringAsync());
        Assert.Contains("Par code d'utilisateur : suspendu jusqu'au", before);

        var response = await StaffMemberStatusPageTests.PostAsync(agent, "lift-suspension", "Lift", member.Id, "MemberCalled");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("La suspension est levée. Un courriel en informe le membre.", page);
        Assert.Contains("Aucune suspension en cours.", page);
        await using var db = factory.NewDbContext();
        var row = Assert.Single(await db.AuditEvents.Where(e => e.Kind == AuditKind.StaffSuspensionLifted).ToListAsync());
        Assert.Equal((member.Id, identity, "MemberCalled"), (row.MemberId, row.StaffId, row.StaffReason));
        Assert.Single(await db.OutboxMessages.Where(m => m.MemberId == member.Id && m.Kind == MailKinds.SuspensionLifted).ToListAsync());
    }

    [DatabaseTheory]
    public async Task LiftSuspension_NoReason_AsksForOneAndNothingHappened(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        await SuspendAsync(factory, member);

        var response = await StaffMemberStatusPageTests.PostAsync(agent, "lift-suspension", "Lift", member.Id, reason: null);

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Choisissez la raison.", page);
        Assert.Contains("id=\"suspension-reason\" name=\"Lift.Reason\" aria-invalid=\"true\"", page);
        await AssertNothingHappenedAsync(factory, member);
    }

    [DatabaseTheory]
    public async Task LiftSuspension_WithoutAntiforgeryToken_IsRefusedAndNothingHappened(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        await SuspendAsync(factory, member);

        var response = await agent.PostAsync(StaffMemberStatusPageTests.Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "lift-suspension", ["Lift.MemberId"] = member.Id.ToString(), ["Lift.Reason"] = "MemberCalled",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingHappenedAsync(factory, member);
    }

    [DatabaseTheory]
    public async Task LiftSuspension_MemberCookie_SentToStaffSignInAndNothingHappened(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var browser = factory.CreateBrowser();
        await StaffBrowser.SignInAsMemberAsync(browser);
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        await SuspendAsync(factory, member);
        var fields = RecoveryWebFactory.FormFields(await browser.GetStringAsync("/connexion"), new Dictionary<string, string>
        {
            ["Lift.MemberId"] = member.Id.ToString(), ["Lift.Reason"] = "MemberCalled",
        });
        fields["_handler"] = "lift-suspension";

        var response = await browser.PostAsync(StaffMemberStatusPageTests.Path, new FormUrlEncodedContent(fields));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        await AssertNothingHappenedAsync(factory, member);
    }

    [DatabaseTheory]
    public async Task ResendMail_AbandonedNotice_QueuedAgainAndAudited(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await StaffMemberStatusPageTests.DemoMemberAsync(factory);
        OutboxMessage abandoned;
        await using (var db = factory.NewDbContext())
        {
            abandoned = factory.Services.GetRequiredService<MailOutbox>().Prepare(MailKinds.QuestionsChanged, member.Email, new MailContent("s", "t", "h"), member.Id);
            abandoned.NextAttemptAt = DeliverOutbox.Never;
            abandoned.ProtectedTextBody = abandoned.ProtectedHtmlBody = null;
            abandoned.Attempts = 1;
            db.OutboxMessages.Add(abandoned);
            var reset = factory.Services.GetRequiredService<MailOutbox>().Prepare(MailKinds.ResetLink, member.Email, new MailContent("s", "t", "h"), member.Id);
            reset.NextAttemptAt = DeliverOutbox.Never;
            db.OutboxMessages.Add(reset);
            await db.SaveChangesAsync();
        }

        var status = WebUtility.HtmlDecode(await (await StaffMemberStatusPageTests.ViewAsync(agent, member.Id)).Content.ReadAsStringAsync());
        Assert.Contains($"<option value=\"{abandoned.Id}\">Avis : questions modifiées, ", status);
        Assert.Contains("Lien de réinitialisation : il n'est plus renvoyé. Demandez au membre de recommencer la récupération", status);

        var response = await StaffMemberStatusPageTests.PostAsync(agent, "resend-mail", "Resend", member.Id, "MailProblem",
            new Dictionary<string, string> { ["Resend.MailId"] = abandoned.Id.ToString() });

        Assert.Contains("Le courriel est renvoyé au membre.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var check = factory.NewDbContext();
        Assert.Single(await check.AuditEvents.Where(e => e.Kind == AuditKind.StaffMailResent && e.StaffId == "agent1").ToListAsync());
        Assert.Equal(2, await check.OutboxMessages.CountAsync(m => m.MemberId == member.Id && m.Kind == MailKinds.QuestionsChanged));
    }

    private static async Task AssertNothingHappenedAsync(RecoveryWebFactory factory, Member member)
    {
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind == AuditKind.StaffSuspensionLifted));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.MemberId == member.Id));
        var counters = await MemberCounters.ForAsync(factory.Services.GetRequiredService<ServerKeys>(), member, CancellationToken.None);
        var policy = factory.Services.GetRequiredService<IOptions<RecoveryOptions>>().Value.SuspensionPolicy;
        Assert.True((await factory.Services.GetRequiredService<AttemptLimiter>().ReadAsync(counters.Suspensions[SuspensionSubject.UserCode], policy)).Locked);
    }
}
