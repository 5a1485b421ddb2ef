using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// Every interactive field is bounded: a huge paste must be cut by the browser, not sent over the circuit,
/// where anything over SignalR's 32 KB would close the connection instead of showing a message.
/// </summary>
public abstract class InputLimitsTests : WebComponentTest
{
    [DatabaseFact]
    public void Render_IdentifyStep_EveryFieldHasAMaxLength()
    {
        var cut = Context.Render<IdentifyStep>();

        Assert.Equal("254", cut.Find("#email").GetAttribute("maxlength"));
        Assert.Equal("20", cut.Find("#user-code").GetAttribute("maxlength"));
        Assert.Equal("20", cut.Find("#captcha").GetAttribute("maxlength"));
    }

    [DatabaseFact]
    public async Task Render_QuestionsStep_AnswersHaveAMaxLength()
    {
        var marie = await AddMarieAsync();
        State.GoTo(StepTable.Questions, (await Host.IdentifyAsync(userCode: marie.UserCode)).Value!);

        var cut = Context.Render<QuestionsStep>();

        Assert.Equal("200", cut.Find("#answer-1").GetAttribute("maxlength"));
        Assert.Equal("200", cut.Find("#answer-2").GetAttribute("maxlength"));
    }

    [DatabaseFact]
    public async Task Render_NewPasswordStep_BothFieldsHaveAMaxLength()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        State.Start(StepTable.LinkChecking);
        State.GoTo(StepTable.NewPassword, await Host.ResetAuthorizationAsync(request.Id, token));

        var cut = Context.Render<NewPasswordStep>();

        Assert.Equal("512", cut.Find("#new-password").GetAttribute("maxlength"));
        Assert.Equal("512", cut.Find("#password-confirmation").GetAttribute("maxlength"));
    }

    [DatabaseFact]
    public void Limits_Always_StayFarBelowTheCircuitMessageLimit()
    {
        // Worst case: every UTF-16 unit JSON-escaped as \uXXXX (6 bytes), all fields of one step together.
        const int signalRLimit = 32 * 1024;
        Assert.True((InputLimits.Email + InputLimits.UserCode + InputLimits.Captcha) * 6 < signalRLimit);
        Assert.True(InputLimits.Password * 2 * 6 < signalRLimit);
        Assert.True(InputLimits.Password >= 2 * 128, "a 128-character password of astral symbols must still fit");
    }
}

[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class InputLimitsTestsOnSqlite : InputLimitsTests;

[OnDatabase(DatabaseProvider.PostgreSql)]
public sealed class InputLimitsTestsOnPostgreSql : InputLimitsTests;
