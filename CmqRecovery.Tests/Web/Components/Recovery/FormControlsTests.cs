using AngleSharp.Dom;
using Bunit;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// FormControls stands in for MudTextField and MudButton to keep idle circuits small; it must stay what MudBlazor
/// draws, or a MudBlazor update would silently change the look (and the tap targets the phone tests measure).
/// Compared element by element with the MudBlazor component of the same parameters, ignoring only MudBlazor's
/// internal markers and Blazor's event attributes.
/// </summary>
public sealed class FormControlsTests : IAsyncDisposable
{
    private readonly BunitContext _context = new BunitContext().AddComponentServices();

    public static TheoryData<Variant, string?> Buttons => new()
    {
        { Variant.Outlined, Icons.Material.Filled.Refresh },
        { Variant.Outlined, null },
        { Variant.Text, null },
    };

    [Theory]
    [MemberData(nameof(Buttons))]
    public void Button_SameParameters_SameMarkupAsMudButton(Variant variant, string? startIcon)
    {
        var host = _context.Render<Host>();
        foreach (var disabled in new[] { false, true })
        {
            var mud = _context.Render<MudButton>(p => p
                .Add(b => b.Variant, variant).Add(b => b.Color, Color.Primary).Add(b => b.StartIcon, startIcon)
                .Add(b => b.Disabled, disabled).Add(b => b.ChildContent, (RenderFragment)(b => b.AddContent(0, "Nouvelle image"))));
            var ours = _context.Render(FormControls.Button(host.Instance, "Nouvelle image", () => Task.CompletedTask, variant, disabled, startIcon));

            Assert.Equal(Describe(mud.Find("button")), Describe(ours.Find("button")));
        }
    }

    [Fact]
    public void SubmitButton_Render_SameMarkupAsMudButtonAndNoServerClickHandler()
    {
        foreach (var disabled in new[] { false, true })
        {
            var mud = _context.Render<MudButton>(p => p
                .Add(b => b.Variant, Variant.Filled).Add(b => b.Color, Color.Primary).Add(b => b.ButtonType, ButtonType.Submit).Add(b => b.EndIcon, Icons.Material.Filled.ArrowForward)
                .Add(b => b.Disabled, disabled).Add(b => b.ChildContent, (RenderFragment)(b => b.AddContent(0, "Soumettre"))));
            var ours = _context.Render(FormControls.SubmitButton("Soumettre", disabled));

            Assert.Equal(Describe(mud.Find("button")), Describe(ours.Find("button")));
            // The form's submit handler is the one round trip; a click handler would add a second.
            Assert.DoesNotContain(ours.Find("button").Attributes, a => a.Name.StartsWith("blazor:onclick", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Button_Click_RunsTheHandlerAndRendersTheStep()
    {
        var host = _context.Render<Host>();
        var clicks = 0;
        host.Render(p => p.Add(h => h.Content, FormControls.Button(host.Instance, "Écouter", () => { clicks++; return Task.CompletedTask; })));
        var rendersBefore = host.RenderCount;

        await host.Find("button").ClickAsync(new MouseEventArgs());

        Assert.Equal(1, clicks);
        Assert.Equal(rendersBefore + 1, host.RenderCount);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("marie@example.org", false)]
    [InlineData("marie@example.org", true)]
    public void TextField_SameParameters_SameMarkupAsMudTextField(string? value, bool error)
    {
        var host = _context.Render<Host>();
        var mud = _context.Render<MudTextField<string>>(p => p
            .Add(f => f.Label, "Courriel").Add(f => f.Variant, Variant.Outlined).Add(f => f.Value, value)
            .Add(f => f.Error, error).Add(f => f.MaxLength, 254).Add(f => f.InputType, InputType.Email)
            .Add(f => f.UserAttributes, new Dictionary<string, object?> { ["id"] = "email" }));
        var ours = _context.Render(FormControls.TextField(host.Instance, "email", "Courriel", value, _ => { }, 254, error, "email"));

        Assert.Equal(Shape(mud.Find(".mud-input-control")), Shape(ours.Find(".mud-input-control")));
    }

    [Fact]
    public async Task TextField_Change_ReachesTheStepOnceAndRendersIt()
    {
        var host = _context.Render<Host>();
        var values = new List<string?>();
        host.Render(p => p.Add(h => h.Content, FormControls.TextField(host.Instance, "email", "Courriel", null, values.Add, 254)));
        var rendersBefore = host.RenderCount;

        await host.Find("input").ChangeAsync(new ChangeEventArgs { Value = "marie@example.org" });

        Assert.Equal(["marie@example.org"], values);
        Assert.Equal(rendersBefore + 1, host.RenderCount);
        // Typing sends nothing: the input has no key or input handler, only the change.
        Assert.Equal(["blazor:onchange"], host.Find("input").Attributes.Select(a => a.Name).Where(n => n.StartsWith("blazor:on", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    /// <summary>Every element with its sorted attributes, and the text: what the browser and the stylesheet see.</summary>
    private static string Describe(IElement element) =>
        string.Concat(element.DescendantsAndSelf<IElement>().Select(e =>
            $"<{e.LocalName} {string.Join(" ", e.Attributes
                .Where(a => !a.Name.StartsWith("__internal", StringComparison.Ordinal) && !a.Name.StartsWith("blazor:", StringComparison.Ordinal))
                .Select(a => $"{a.Name}=\"{a.Value}\"").Order(StringComparer.Ordinal))}>")) + element.TextContent;

    /// <summary>
    /// The elements and classes the stylesheet draws (as sets: their order means nothing to CSS), plus the input's own
    /// attributes. Left out: MudTextField's hidden mask slot (display:none) and its empty helper-text row, which the
    /// app never fills (a step's errors go to its alert); the app's label and ids are checked by the accessibility
    /// and browser tests.
    /// </summary>
    private static string Shape(IElement element) =>
        string.Concat(element.DescendantsAndSelf<IElement>()
            .Where(e => e.GetAttribute("style") != "display:none" && e.Closest(".mud-input-control-helper-container") is null)
            .Select(e => $"<{e.LocalName} class=\"{string.Join(' ', e.ClassList.Order(StringComparer.Ordinal))}\"" +
            (e.LocalName == "input" ? $" type=\"{e.GetAttribute("type")}\" maxlength=\"{e.GetAttribute("maxlength")}\" value=\"{e.GetAttribute("value")}\"" : "") + ">"))
        + string.Concat(element.TextContent.Where(c => !char.IsWhiteSpace(c))); // the template's indentation between blocks

    /// <summary>Stands for a step: the receiver of the controls' events, which re-renders after each.</summary>
    private sealed class Host : ComponentBase
    {
        [Parameter] public RenderFragment? Content { get; set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) => builder.AddContent(0, Content);
    }
}
