using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Web.Components.Recovery.Steps;

public abstract class ConfirmEmailStepTests : WebComponentTest
{
    private async Task<Member> StandAtConfirmationAsync()
    {
        var marie = await AddMarieAsync();
        State.GoTo(StepTable.ConfirmEmail, await Host.VerifiedIdentityAsync(marie));
        return marie;
    }

    [DatabaseFact]
    public async Task Render_French_ShowsQuestionMaskedEmailAndRadios()
    {
        await StandAtConfirmationAsync();

        var cut = Context.Render<ConfirmEmailStep>();

        Assert.Equal(Text("ConfirmQuestion"), cut.Find("legend").TextContent.Trim());
        Assert.Equal("m*****y@example.org", cut.Find(".masked-email").TextContent.Trim());
        Assert.Contains(Text("MaskedNote"), cut.Markup);
        var radios = cut.FindAll("input[type=radio]");
        Assert.Equal(2, radios.Count);
        Assert.Equal([Text("Yes"), Text("No")], cut.FindAll("label.mud-radio").Select(l => l.TextContent.Trim()));
        Assert.DoesNotContain("marie.tremblay", cut.Markup);
    }

    [DatabaseFact]
    public async Task Submit_Yes_QueuesTheResetMailAndShowsMailSent()
    {
        var marie = await StandAtConfirmationAsync();
        var cut = Context.Render<ConfirmEmailStep>();

        await cut.FindAll("input[type=radio]")[0].ClickAsync(new());
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.MailSent, State.Step));
        Assert.Null(State.Peek<VerifiedIdentity>());
        await using var db = Host.NewDbContext();
        var mail = await db.OutboxMessages.SingleAsync();
        Assert.Equal(marie.Email, mail.To);
        Assert.Equal(1, await db.RecoveryRequests.CountAsync(r => r.MemberId == marie.Id));
    }

    [DatabaseFact]
    public async Task Submit_No_ShowsSupportAndQueuesNothing()
    {
        await StandAtConfirmationAsync();
        var cut = Context.Render<ConfirmEmailStep>();

        await cut.FindAll("input[type=radio]")[1].ClickAsync(new());
        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(StepTable.Disputed, State.Step));
        Assert.Contains("514 933-4325", Context.Render<DisputedStep>().Markup);
        await using var db = Host.NewDbContext();
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(0, await db.RecoveryRequests.CountAsync());
    }

    [DatabaseFact]
    public async Task Submit_NoChoice_AsksForOneAndQueuesNothing()
    {
        await StandAtConfirmationAsync();
        var cut = Context.Render<ConfirmEmailStep>();

        await SubmitAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal(Text("ErrorChooseYesNo"), AlertText(cut)));
        Assert.Equal(StepTable.ConfirmEmail, State.Step);
        Assert.NotNull(State.Peek<VerifiedIdentity>());
        await using var db = Host.NewDbContext();
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class ConfirmEmailStepTestsOnSqlite : ConfirmEmailStepTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class ConfirmEmailStepTestsOnPostgreSql : ConfirmEmailStepTests;
