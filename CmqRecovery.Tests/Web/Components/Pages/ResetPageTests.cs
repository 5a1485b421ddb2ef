using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Pages;
using CmqRecovery.Web.Components.Recovery;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Pages;

public abstract class ResetPageTests : WebComponentTest
{
    private const string NewPassword = "Quatre chevaux bleus dansent sous la pluie";

    private IRenderedComponent<ResetPage> Open(string id, string token) =>
        Context.Render<ResetPage>(p => p.Add(c => c.Id, id).Add(c => c.Token, token));

    private void AssertDeadLinkPageOnly(IRenderedComponent<ResetPage> cut)
    {
        cut.WaitForAssertion(() => Assert.Equal(Text("LinkInvalidHeading"), cut.Find("h2").TextContent.Trim()));
        Assert.Equal("/recuperation", cut.Find("main a, a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("input"));
        Assert.Empty(cut.FindAll(".step-of"));
    }

    [DatabaseFact]
    public void Open_UnknownLink_ShowsDeadLinkPageOnly()
    {
        var cut = Open(RecoveryTokens.NewId(), RecoveryTokens.NewToken());

        AssertDeadLinkPageOnly(cut);
        Assert.Equal(StepTable.LinkInvalid, State.Step);
    }

    [DatabaseFact]
    public async Task Open_ExpiredLink_ShowsDeadLinkPageOnly()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        Host.Time.Advance(TimeSpan.FromMinutes(31));

        AssertDeadLinkPageOnly(Open(request.Id, token));
    }

    [DatabaseTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Open_UsedOrSupersededLink_ShowsDeadLinkPageOnly(bool used)
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        await using (var db = Host.NewDbContext())
        {
            var row = await db.RecoveryRequests.SingleAsync(r => r.Id == request.Id);
            if (used)
            {
                row.ConsumedAt = Host.Time.GetUtcNow();
            }
            else
            {
                row.SupersededAt = Host.Time.GetUtcNow();
            }

            await db.SaveChangesAsync();
        }

        AssertDeadLinkPageOnly(Open(request.Id, token));
    }

    [DatabaseFact]
    public async Task Open_LinkSuspendedByFailuresAfterIt_ShowsSuspension()
    {
        // Only failures after the link (step 7) close it; step 3's suspensions never do (see CheckAnswersTests).
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        var opened = await Host.Get<OpenLink>().ExecuteAsync(request.Id, token, RecoverySteps.Client);
        for (var i = 0; i < 5; i++)
        {
            await Host.Get<CheckAnswers>().ForResetAsync(opened.Value!, "non", "non", RecoverySteps.Client);
        }

        var cut = Open(request.Id, token);

        cut.WaitForAssertion(() => Assert.Equal(Text("SuspendedHeading"), cut.Find("h2").TextContent.Trim()));
        Assert.Empty(cut.FindAll("input"));
    }

    [DatabaseFact]
    public async Task Render_Prerendering_DoesNotOpenTheLink()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        Context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Open(request.Id, token);

        Assert.Equal(Text("LinkChecking"), cut.Find("[role=status]").TextContent);
        await using var db = Host.NewDbContext();
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.Kind == AuditKind.LinkOpened));
    }

    [DatabaseFact]
    public async Task Journey_ValidLink_AnswersPasswordThenDoneWithoutThePassword()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);

        var cut = Open(request.Id, token);
        cut.WaitForAssertion(() => Assert.Equal("Étape 4 de 5", cut.Find(".step-of").TextContent));
        Assert.Equal(Text("ResetTitle"), cut.Find("h1").TextContent);
        var subject = State.Proof<OpenedLink>().Subject;
        await TypeAnswersAsync(cut, RecoverySteps.CorrectAnswers(subject));
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal("Étape 5 de 5", cut.Find(".step-of").TextContent));
        await TypeAsync(cut, "new-password", NewPassword);
        await TypeAsync(cut, "password-confirmation", NewPassword);
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("DoneHeading"), cut.Find("h2").TextContent.Trim()));
        Assert.Contains("marie.tremblay@example.org", cut.Find(".done-email").TextContent);
        Assert.DoesNotContain(NewPassword, cut.Markup);
        Assert.Equal("/connexion/reprendre?courriel=marie.tremblay%40example.org", cut.Find("a.done-sign-in").GetAttribute("href"));
        await using var db = Host.NewDbContext();
        Assert.NotNull((await db.RecoveryRequests.SingleAsync(r => r.Id == request.Id)).ConsumedAt);
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class ResetPageTestsOnSqlite : ResetPageTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class ResetPageTestsOnPostgreSql : ResetPageTests;
