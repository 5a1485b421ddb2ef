using System.Net;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Tests.EndToEnd;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// What must hold across nodes (issue 8), each shown with two real app processes on one PostgreSQL database behind
/// haproxy: links, cookies, counters and limits, and mail delivered exactly once with both senders running. Each test
/// alternates between node A and node B (by haproxy's stickiness cookie), so a fact kept in one node's memory would
/// fail it. HTTP clients come from their own loopback addresses, so the proxy's per-IP counters are theirs alone.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "MultiNode")]
public sealed partial class TwoNodeTests(BrowserFixture browser, NodeClusterFixture nodes) : IClassFixture<NodeClusterFixture>
{
    private async Task<RecoveryDriver> DriverAsync(NodeCluster cluster, AppNode node)
    {
        var context = await cluster.NewContextAsync(browser.Browser, node);
        return new RecoveryDriver(await context.NewPageAsync(), app: null, UiText.French, cluster.Smtp);
    }

    private static void AssertNoServerErrors(NodeCluster cluster) =>
        Assert.True(cluster.Nodes.All(n => n.ErrorLines.Count == 0), cluster.Diagnostics);

    [MultiNodeFact(browser: true)]
    public async Task ResetLink_MailedByNodeA_OpensOnNodeBAndChangesThePassword()
    {
        var cluster = await nodes.ClusterAsync();
        var member = cluster.Members[0];
        var onA = await DriverAsync(cluster, cluster.A);
        await onA.OpenRecoveryAsync();
        var link = await onA.RequestResetLinkAsync(member.UserCode, member.Email);
        await onA.Page.Context.CloseAsync();

        var onB = await DriverAsync(cluster, cluster.B);
        await onB.Page.GotoAsync(link.Url.ToString()); // the public address: the proxy, pinned to B
        await onB.AnswerQuestionsAsync();
        await onB.ChoosePasswordAsync(Journey.NewPassword);
        await onB.ExpectDoneAsync(member.Email, Journey.NewPassword);
        await onB.Page.Context.CloseAsync();

        // The new password works on node A; the old one no longer does.
        using var client = new NodeBrowserlessClient(cluster, "127.0.0.11");
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(cluster.A, cluster.A, member.Email, DemoMembers.Password)).Status);
        var signedIn = await client.SignInAsync(cluster.A, cluster.A, member.Email, Journey.NewPassword);
        Assert.Equal((HttpStatusCode.Redirect, Routes.Account), (signedIn.Status, signedIn.Location));
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact]
    public async Task SignInCookie_IssuedByNodeA_IsAcceptedByNodeB()
    {
        var cluster = await nodes.ClusterAsync();
        var member = cluster.Members[1];
        using var client = new NodeBrowserlessClient(cluster, "127.0.0.12");
        var before = await client.GetAsync(cluster.B, Routes.Account);
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode); // not signed in: sent to /connexion
        Assert.StartsWith(Routes.SignIn, NodeBrowserlessClient.PathOf(before.Headers.Location), StringComparison.Ordinal);

        // The form (and its antiforgery token) from B, posted to A: A issues the cookie.
        var signedIn = await client.SignInAsync(formFrom: cluster.B, postTo: cluster.A, member.Email, DemoMembers.Password);
        Assert.Equal((HttpStatusCode.Redirect, Routes.Account), (signedIn.Status, signedIn.Location));

        var account = await client.GetAsync(cluster.B, Routes.Account);
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains(member.DisplayName, WebUtility.HtmlDecode(await account.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact]
    public async Task SignInFailures_AlternatingNodes_AskForTheCaptchaFromTheFifthAndItsChallengeWorksOnTheOtherNode()
    {
        var cluster = await nodes.ClusterAsync();
        var member = cluster.Members[2];
        using var client = new NodeBrowserlessClient(cluster, "127.0.0.13");
        var pages = new List<SignInPost>();
        for (var i = 0; i < 5; i++)
        {
            var node = i % 2 == 0 ? cluster.A : cluster.B;
            pages.Add(await client.SignInAsync(node, node, member.Email, "Mauvais-mot-de-passe-1"));
        }

        // Neither node saw five by itself (A three, B two): only the shared counter reaches the threshold.
        Assert.All(pages.Take(4), page => Assert.Null(page.CaptchaChallengeId));
        Assert.NotNull(pages[4].CaptchaChallengeId);

        // Without the captcha, B does not even check the right password.
        var withoutCaptcha = await client.SignInAsync(cluster.B, cluster.B, member.Email, DemoMembers.Password);
        Assert.Equal(HttpStatusCode.OK, withoutCaptcha.Status);
        Assert.NotNull(withoutCaptcha.CaptchaChallengeId);

        // A challenge issued by B is answered on A.
        var signedIn = await client.SignInAsync(cluster.B, cluster.A, member.Email, DemoMembers.Password, TestHostSettings.CaptchaCode, withoutCaptcha.CaptchaChallengeId);
        Assert.Equal((HttpStatusCode.Redirect, Routes.Account), (signedIn.Status, signedIn.Location));
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact(browser: true)]
    public async Task Answers_FailingOnAlternateNodes_SuspendTheIdentifierAtTheFifthOnBoth()
    {
        var cluster = await nodes.ClusterAsync();
        var member = cluster.Members[3];
        // A twice, B twice, A once: no node saw five failures by itself.
        var plan = new[] { (cluster.A, 2), (cluster.B, 2), (cluster.A, 1) };
        var failures = 0;
        RecoveryDriver ui = null!;
        foreach (var (node, count) in plan)
        {
            ui = await DriverAsync(cluster, node);
            await ui.OpenRecoveryAsync();
            await ui.IdentifyAsync(member.UserCode);
            for (var i = 0; i < count; i++)
            {
                await ui.AnswerQuestionsAsync(correct: false);
                failures++;
                if (failures < 5)
                {
                    await Expect(ui.Alert(ui.Text.AnswersFailed)).ToBeVisibleAsync();
                }
            }
        }

        await Expect(ui.Heading(ui.Text.Suspended)).ToBeVisibleAsync();
        var onB = await DriverAsync(cluster, cluster.B);
        await onB.OpenRecoveryAsync();
        await onB.IdentifyAsync(member.UserCode);
        await Expect(onB.Heading(onB.Text.Suspended)).ToBeVisibleAsync();
        await using var db = cluster.NewDbContext();
        var memberId = await db.Members.Where(m => m.Email == member.Email).Select(m => m.Id).SingleAsync();
        // No reset link was made: the only request there may be is the suspension notice's way back (a day long,
        // written after the response by the node that suspended).
        Assert.All(
            await db.RecoveryRequests.Where(r => r.MemberId == memberId).ToListAsync(),
            request => Assert.Equal(TimeSpan.FromHours(24), request.ExpiresAt - request.CreatedAt));
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact(browser: true)]
    public async Task ConfirmEmail_FourTimesOnAlternateNodes_SendsThreeMailsAndCapsTheFourth()
    {
        var cluster = await nodes.ClusterAsync();
        var member = cluster.Members[4];
        for (var i = 0; i < 4; i++)
        {
            var ui = await DriverAsync(cluster, i % 2 == 0 ? cluster.A : cluster.B);
            await ui.OpenRecoveryAsync();
            await ui.IdentifyAsync(member.UserCode);
            await ui.AnswerQuestionsAsync();
            await ui.ConfirmEmailAsync(EmailAddress.Mask(member.Email), valid: true);
            // The fourth looks the same as the others (nothing tells the cap apart) ...
            await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();
            await ui.Page.Context.CloseAsync();
        }

        // ... but only three links were made and mailed.
        await cluster.WaitForOutboxSentAsync(m => m.To == member.Email, 3);
        Assert.Equal(3, cluster.Smtp.Messages.Count(m => m.To.Contains(member.Email, StringComparison.OrdinalIgnoreCase)));
        await using var db = cluster.NewDbContext();
        var memberId = await db.Members.Where(m => m.Email == member.Email).Select(m => m.Id).SingleAsync();
        Assert.Equal(3, await db.RecoveryRequests.CountAsync(r => r.MemberId == memberId));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.MemberId == memberId && e.Kind == AuditKind.MailCapped));
        AssertNoServerErrors(cluster);
    }

    [MultiNodeFact(browser: true)]
    public async Task ConfirmEmail_TenMembersAcrossBothNodes_EachMailIsSentExactlyOnce()
    {
        var cluster = await nodes.ClusterAsync();
        var members = cluster.Members.Skip(5).Take(10).ToList();
        // Two at a time, one on each node: both senders are woken and both poll every 200 ms.
        foreach (var pair in members.Chunk(2))
        {
            await Task.WhenAll(pair.Select(async (member, i) =>
            {
                var ui = await DriverAsync(cluster, i == 0 ? cluster.A : cluster.B);
                await ui.OpenRecoveryAsync();
                await ui.IdentifyAsync(member.UserCode);
                await ui.AnswerQuestionsAsync();
                await ui.ConfirmEmailAsync(EmailAddress.Mask(member.Email), valid: true);
                await Expect(ui.Heading(ui.Text.MailSent)).ToBeVisibleAsync();
                await ui.Page.Context.CloseAsync();
            }));
        }

        var addresses = members.Select(m => m.Email).ToList();
        await cluster.WaitForOutboxSentAsync(m => addresses.Contains(m.To), 10);
        var received = cluster.Smtp.Messages.Where(m => addresses.Any(a => m.To.Contains(a, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.Equal(10, received.Count);
        Assert.Equal(addresses.Order(), received.Select(m => members.Single(x => m.To.Contains(x.Email, StringComparison.OrdinalIgnoreCase)).Email).Order());
        Assert.Equal(10, received.Select(m => SmtpTestServer.ExtractResetLink(m).RequestId).Distinct().Count());
        AssertNoServerErrors(cluster);
    }
}
