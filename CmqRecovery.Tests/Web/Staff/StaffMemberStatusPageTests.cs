using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>« État de la récupération » over HTTP: reached by posting the member's id from a lookup, audited, and never a secret on the page.</summary>
public sealed class StaffMemberStatusPageTests
{
    public const string Path = "/soutien/membres/etat";

    /// <summary>Posts one of the status page's forms (<paramref name="form"/>: its form name) about the member, with the antiforgery token of the lookup page.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient agent, string form, string prefix, Guid memberId, string? reason, IDictionary<string, string>? more = null)
    {
        var fields = new Dictionary<string, string> { [$"{prefix}.MemberId"] = memberId.ToString() };
        if (reason is not null)
        {
            fields[$"{prefix}.Reason"] = reason;
        }

        foreach (var (name, value) in more ?? new Dictionary<string, string>())
        {
            fields[name] = value;
        }

        var posted = RecoveryWebFactory.FormFields(await agent.GetStringAsync("/soutien/membres"), fields);
        posted["_handler"] = form;
        return await agent.PostAsync(Path, new FormUrlEncodedContent(posted));
    }

    public static Task<HttpResponseMessage> ViewAsync(HttpClient agent, Guid memberId, string? reason = "MemberCalled") =>
        PostAsync(agent, "view-status", "Viewed", memberId, reason);

    public static async Task<Member> DemoMemberAsync(RecoveryWebFactory factory, int index = 0)
    {
        await using var db = factory.NewDbContext();
        return await db.Members.SingleAsync(m => m.UserCode == DemoMembers.All[index].UserCode);
    }

    [DatabaseTheory]
    public async Task View_FromTheLookup_ShowsTheStatusNoSecretAndOneAuditRow(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent, "agent2");
        var member = await DemoMemberAsync(factory);
        const string body = "Cliquez sur ce lien secret";
        var token = new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04 };
        await using (var db = factory.NewDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            factory.Services.GetRequiredService<MailOutbox>().Enqueue(db, MailKinds.ResetLink, member.Email, new MailContent("Réinitialisation", body, $"<p>{body}</p>"), member.Id);
            db.RecoveryRequests.Add(new RecoveryRequest { Id = "0123456789abcdef0123456789abcdef", MemberId = member.Id, TokenHash = token, CreatedAt = now, ExpiresAt = now.AddMinutes(30) });
            await db.SaveChangesAsync();
        }

        var lookup = await RecoveryWebFactory.PostFormAsync(agent, "/soutien/membres", new Dictionary<string, string> { ["Input.Identifier"] = member.UserCode, ["Input.Reason"] = "MemberWrote" });
        var lookupPage = await lookup.Content.ReadAsStringAsync();
        Assert.Contains($"name=\"Viewed.MemberId\" value=\"{member.Id}\"", lookupPage);
        Assert.Contains("name=\"Viewed.Reason\" value=\"MemberWrote\"", lookupPage);

        var response = await ViewAsync(agent, member.Id, "MemberWrote");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<h1 tabindex=\"-1\">État de la récupération</h1>", page);
        Assert.Contains(member.DisplayName, page);
        Assert.Contains("3 enregistrées", page);
        Assert.Contains("Lien de réinitialisation : en attente", page);
        Assert.Contains(": Membre recherché par le soutien", page);
        Assert.DoesNotContain(MailKinds.ResetLink, page);
        Assert.DoesNotContain(nameof(AuditKind.StaffMemberLookedUp), page);
        Assert.Contains("en cours (lien valide jusqu'au", page);
        await using var check = factory.NewDbContext();
        var outbox = await check.OutboxMessages.SingleAsync(m => m.MemberId == member.Id);
        var answers = await check.Set<CmqRecovery.Core.Questions.AnswerPairHash>().Where(a => a.MemberId == member.Id).Select(a => a.Hash).ToListAsync();
        Assert.NotEmpty(answers);
        foreach (var secret in answers.Concat([member.PasswordHash!, member.SecurityStamp, outbox.ProtectedTextBody!, outbox.ProtectedHtmlBody!, body,
                     "0123456789abcdef0123456789abcdef", Convert.ToHexString(token), Convert.ToHexStringLower(token), Convert.ToBase64String(token), outbox.Id.ToString()]))
        {
            Assert.DoesNotContain(secret, page);
        }

        var lookedUp = await check.AuditEvents.Where(e => e.StaffId != null && e.Kind != AuditKind.StaffSignedIn).OrderBy(e => e.Id).Select(e => new { e.Kind, e.MemberId, e.StaffId, e.StaffReason }).ToListAsync();
        Assert.Equal(
            new[] { new { Kind = AuditKind.StaffMemberLookedUp, MemberId = (Guid?)member.Id, StaffId = (string?)"agent2", StaffReason = (string?)"MemberWrote" },
             new { Kind = AuditKind.StaffStatusViewed, MemberId = (Guid?)member.Id, StaffId = (string?)"agent2", StaffReason = (string?)"MemberWrote" } },
            lookedUp);
    }

    [DatabaseTheory]
    public async Task View_NoReasonOrUnknownMember_SaysWhyAndAuditsNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await DemoMemberAsync(factory);

        var noReason = WebUtility.HtmlDecode(await (await ViewAsync(agent, member.Id, reason: null)).Content.ReadAsStringAsync());
        var unknown = WebUtility.HtmlDecode(await (await ViewAsync(agent, Guid.NewGuid())).Content.ReadAsStringAsync());

        Assert.Contains("Choisissez la raison.", noReason);
        Assert.DoesNotContain(member.UserCode, noReason);
        Assert.Contains("Ce membre n'existe pas ou n'est plus actif.", unknown);
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.StaffId != null && e.Kind != AuditKind.StaffSignedIn));
    }

    [DatabaseTheory]
    public async Task View_WithoutAntiforgeryToken_IsRefusedAndAuditsNothing(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        var member = await DemoMemberAsync(factory);

        var response = await agent.PostAsync(Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "view-status", ["Viewed.MemberId"] = member.Id.ToString(), ["Viewed.Reason"] = "MemberCalled",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = factory.NewDbContext();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.StaffId != null && e.Kind != AuditKind.StaffSignedIn));
    }

    [DatabaseTheory]
    [DatabaseData("fr-CA", "Lien de réinitialisation : en attente", "Lien remplacé par un plus récent", "Reset link")]
    [DatabaseData("en-CA", "Reset link: pending", "Link replaced by a newer one", "Lien de réinitialisation")]
    public async Task View_MailAndEvent_ShowTheirKindsInTheLanguagesWordsNotTheirCodes(
        DatabaseProvider provider, string culture, string mailLine, string eventLabel, string otherLanguage)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        agent.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        var member = await DemoMemberAsync(factory);
        await using (var db = factory.NewDbContext())
        {
            factory.Services.GetRequiredService<MailOutbox>().Enqueue(db, MailKinds.ResetLink, member.Email, new MailContent("s", "t", "h"), member.Id);
            db.AuditEvents.Add(new AuditEvent { At = DateTimeOffset.UtcNow, Kind = AuditKind.LinkSuperseded, MemberId = member.Id });
            await db.SaveChangesAsync();
        }

        var page = WebUtility.HtmlDecode(await (await ViewAsync(agent, member.Id)).Content.ReadAsStringAsync());

        Assert.Contains(mailLine, page);
        Assert.Contains(": " + eventLabel, page);
        Assert.DoesNotContain(otherLanguage, page);
        Assert.DoesNotContain(MailKinds.ResetLink, page);
        Assert.DoesNotContain(nameof(AuditKind.LinkSuperseded), page);
    }

    [DatabaseTheory]
    public async Task View_InEnglish_SpeaksEnglish(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var agent = factory.CreateBrowser();
        await StaffBrowser.SignInAsync(agent);
        agent.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-CA");

        var page = WebUtility.HtmlDecode(await (await ViewAsync(agent, (await DemoMemberAsync(factory)).Id)).Content.ReadAsStringAsync());

        Assert.Contains("<h1 tabindex=\"-1\">Recovery status</h1>", page);
        Assert.Contains("No suspension in force.", page);
    }
}
