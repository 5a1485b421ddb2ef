using AngleSharp.Dom;
using CmqRecovery.Core.Data;
using Bunit;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// Typing must cost the server nothing: every wizard field reports its value once, on change, and listens to no
/// key or click on the server's side, so a keystroke is not a SignalR message. (Markup only: one provider is enough.)
/// </summary>
[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class FieldBindingTests : WebComponentTest
{
    [Fact]
    public void IdentifyStep_Fields_BoundOnChangeNotOnInput()
    {
        var cut = Context.Render<IdentifyStep>();

        AssertBoundOnChange(cut.Find("#email"), cut.Find("#user-code"), cut.Find("#captcha"));
    }

    [Fact]
    public async Task QuestionsStep_Fields_BoundOnChangeNotOnInput()
    {
        var marie = await AddMarieAsync();
        State.GoTo(StepTable.Questions, (await Host.IdentifyAsync(null, marie.UserCode)).Value!);

        var cut = Context.Render<QuestionsStep>();

        AssertBoundOnChange(cut.Find("#answer-1"), cut.Find("#answer-2"));
    }

    [Fact]
    public async Task NewPasswordStep_Fields_BoundOnChangeNotOnInput()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        State.Start(StepTable.LinkChecking);
        State.GoTo(StepTable.NewPassword, await Host.ResetAuthorizationAsync(request.Id, token));

        var cut = Context.Render<NewPasswordStep>();

        AssertBoundOnChange(cut.Find("#new-password"), cut.Find("#password-confirmation"));
    }

    private static void AssertBoundOnChange(params IElement[] fields)
    {
        foreach (var field in fields)
        {
            foreach (var perKey in new[] { "blazor:oninput", "blazor:onkeydown", "blazor:onkeyup", "blazor:onkeypress" })
            {
                Assert.False(field.HasAttribute(perKey), $"#{field.Id} sends every keystroke to the server ({perKey}).");
            }

            Assert.Null(field.Closest("[blazor\\:onclick]"));
            Assert.True(field.HasAttribute("blazor:onchange"), $"#{field.Id} never sends its value.");
        }
    }
}
