using AngleSharp.Dom;
using Bunit;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// The contract of the app's one text field (TextField.razor), and of every field the steps draw with it: typing
/// costs the server nothing (the value goes once, on change; no key or input handler), answers and passwords may be
/// pasted and filled by a password manager (WCAG 2.2 SC 3.3.8), and EditContext validation shows on the field.
/// Markup only: one provider is enough.
/// </summary>
[OnDatabase(DatabaseProvider.Sqlite)]
public sealed class TextFieldTests : WebComponentTest
{
    private static readonly string[] PerKeyHandlers = ["blazor:oninput", "blazor:onkeydown", "blazor:onkeyup", "blazor:onkeypress"];
    private static readonly string[] BlockingHandlers = ["onpaste", "oncopy", "oncut", "ondrop", "onbeforeinput"];

    [Fact]
    public void IdentifyStep_Fields_BoundOnChangeNotOnInput()
    {
        var cut = Context.Render<IdentifyStep>();

        AssertBoundOnChange(cut.Find("#email"), cut.Find("#user-code"), cut.Find("#captcha"));
    }

    [Fact]
    public async Task QuestionsStep_Answers_BoundOnChangeAndAcceptPasteAndAutofill()
    {
        var marie = await AddMarieAsync();
        State.GoTo(StepTable.Questions, (await Host.IdentifyAsync(null, marie.UserCode)).Value!);

        var cut = Context.Render<QuestionsStep>();

        var fields = new[] { cut.Find("#answer-1"), cut.Find("#answer-2") };
        AssertBoundOnChange(fields);
        foreach (var field in fields)
        {
            Assert.NotEqual("off", field.GetAttribute("autocomplete"));
            AssertNothingBlocks(field);
        }
    }

    [Fact]
    public async Task NewPasswordStep_Passwords_BoundOnChangeAcceptPasteAndOfferNewPassword()
    {
        var marie = await AddMarieAsync();
        var (request, token) = await Host.AddRequestAsync(marie.Id);
        State.Start(StepTable.LinkChecking);
        State.GoTo(StepTable.NewPassword, await Host.ResetAuthorizationAsync(request.Id, token));

        var cut = Context.Render<NewPasswordStep>();

        var fields = new[] { cut.Find("#new-password"), cut.Find("#password-confirmation") };
        AssertBoundOnChange(fields);
        foreach (var field in fields)
        {
            Assert.Equal("new-password", field.GetAttribute("autocomplete"));
            AssertNothingBlocks(field);
        }

        Assert.Equal("password-policy strength-meter", fields[0].GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task Change_Typed_ReachesTheOwnerOnce()
    {
        var values = new List<string?>();
        var model = new Model();
        var cut = Context.Render<TextField>(p => p
            .Add(f => f.Id, "email").Add(f => f.Label, "Courriel").Add(f => f.ValueExpression, () => model.Email)
            .Add(f => f.ValueChanged, values.Add));

        await cut.Find("input").ChangeAsync(new ChangeEventArgs { Value = "marie@example.org" });

        Assert.Equal(["marie@example.org"], values);
        Assert.Equal("Courriel", cut.Find("label[for=email]").TextContent);
        Assert.Equal("false", cut.Find("input").GetAttribute("aria-invalid"));
        Assert.Null(cut.Find("input").GetAttribute("aria-describedby"));
    }

    [Fact]
    public void Render_ValidationMessage_MarksTheFieldAndDescribesItWithTheMessage()
    {
        var model = new Model();
        var context = new EditContext(model);
        var messages = new ValidationMessageStore(context);
        messages.Add(context.Field(nameof(Model.Email)), "Adresse invalide");

        var cut = Context.Render<CascadingValue<EditContext>>(p => p.Add(c => c.Value, context).AddChildContent<TextField>(f => f
            .Add(t => t.Id, "email").Add(t => t.Label, "Courriel").Add(t => t.ValueExpression, () => model.Email)));

        var input = cut.Find("input");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal("email-helper", input.GetAttribute("aria-describedby"));
        Assert.Equal("Adresse invalide", cut.Find("#email-helper").TextContent.Trim());
        Assert.Contains("mud-input-error", cut.Find("#email-helper").ClassList);
    }

    [Fact]
    public async Task FormControlsTextField_Change_IsTheSameFieldAndReachesTheStep()
    {
        var values = new List<string?>();
        var host = Context.Render<FieldOwner>();
        host.Render(p => p.Add(h => h.Content, FormControls.TextField(host.Instance, "email", "Courriel", null, values.Add, 254, type: "email")));

        await host.Find("#email").ChangeAsync(new ChangeEventArgs { Value = "marie@example.org" });

        Assert.Equal(["marie@example.org"], values);
        Assert.Single(host.FindComponents<TextField>());
        AssertBoundOnChange(host.Find("#email"));
    }

    private static void AssertBoundOnChange(params IElement[] fields)
    {
        foreach (var field in fields)
        {
            foreach (var perKey in PerKeyHandlers)
            {
                Assert.False(field.HasAttribute(perKey), $"#{field.Id} sends every keystroke to the server ({perKey}).");
            }

            Assert.Null(field.Closest("[blazor\\:onclick]"));
            Assert.True(field.HasAttribute("blazor:onchange"), $"#{field.Id} never sends its value.");
        }
    }

    private static void AssertNothingBlocks(IElement field)
    {
        Assert.False(field.HasAttribute("readonly"), $"#{field.Id} is read-only");
        foreach (var attribute in field.Attributes)
        {
            // bUnit shows Blazor handlers as blazor:onpaste; a plain onpaste would be script.
            Assert.DoesNotContain(BlockingHandlers, h => attribute.Name.EndsWith(h, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Stands for a step written against FormControls: the receiver of the field's change.</summary>
    private sealed class FieldOwner : ComponentBase
    {
        [Parameter] public RenderFragment? Content { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) => builder.AddContent(0, Content);
    }

    private sealed class Model
    {
        public string? Email { get; set; }
    }
}
