using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Components.Recovery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// ChoiceControls stands in for MudRadioGroup and MudCheckBox so the page needs no MudBlazor script; it must stay
/// what MudBlazor draws, or a MudBlazor update would silently change the look (and the tap targets the phone tests
/// measure). Compared element by element with the MudBlazor component of the same parameters, in every state.
/// </summary>
public sealed partial class ChoiceControlsTests : IAsyncDisposable
{
    private readonly BunitContext _context = new BunitContext().AddComponentServices();

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    public static TheoryData<bool?> YesNoValues => new() { null, true, false };

    [Theory]
    [MemberData(nameof(YesNoValues))]
    public void YesNo_SameValue_SameMarkupAsMudRadioGroup(bool? value)
    {
        var mud = _context.Render<MudRadioGroup<bool?>>(p => p.Add(g => g.Value, value).Add(g => g.ChildContent, (RenderFragment)(b =>
        {
            b.AddContent(0, Radio(true, "Oui"));
            b.AddContent(1, Radio(false, "Non"));
        })));
        var ours = _context.Render<YesNoHost>(p => p.Add(h => h.Value, value));

        Assert.Equal(Describe(mud.Find("div")), Describe(ours.Find("div")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CheckBox_SameValue_SameMarkupAsMudCheckBox(bool value)
    {
        var mud = _context.Render<MudCheckBox<bool>>(p => p
            .Add(c => c.Value, value).Add(c => c.Label, "Afficher les mots de passe").Add(c => c.Color, Color.Primary));
        var ours = _context.Render<CheckBoxHost>(p => p.Add(h => h.Value, value));

        Assert.Equal(Describe(mud.Find("div")), Describe(ours.Find("div")));
    }

    [Fact]
    public async Task YesNo_ChooseNoThenYes_StepHoldsTheChoiceAndDrawsIt()
    {
        var cut = _context.Render<YesNoHost>();
        Assert.Null(cut.Instance.Value);
        Assert.Empty(cut.FindAll("input:checked"));

        await cut.FindAll("input[type=radio]")[1].ChangeAsync(new());

        Assert.False(cut.Instance.Value);
        Assert.Equal("Non", CheckedLabel(cut));
        await cut.FindAll("input[type=radio]")[0].ChangeAsync(new());

        Assert.True(cut.Instance.Value);
        Assert.Equal("Oui", CheckedLabel(cut));
        Assert.Single(cut.FindAll(".mud-checked"));
    }

    [Fact]
    public void YesNo_Render_OneGroupWhoseLabelsAreTheVisibleText()
    {
        var cut = _context.Render<YesNoHost>();

        var radios = cut.FindAll("input[type=radio]");
        Assert.Equal(["answer", "answer"], radios.Select(r => r.GetAttribute("name")));
        Assert.Equal(["Oui", "Non"], radios.Select(r => r.Closest("label")!.TextContent.Trim()));
    }

    [Fact]
    public async Task CheckBox_TickThenUntick_StepHoldsTheStateAndDrawsIt()
    {
        var cut = _context.Render<CheckBoxHost>();

        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = true });

        Assert.True(cut.Instance.Value);
        Assert.True(cut.Find("input[type=checkbox]").HasAttribute("checked"));
        Assert.Single(cut.FindAll(".mud-checkbox-true"));
        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = false });

        Assert.False(cut.Instance.Value);
        Assert.False(cut.Find("input[type=checkbox]").HasAttribute("checked"));
        Assert.Single(cut.FindAll(".mud-checkbox-false"));
    }

    private static string? CheckedLabel(IRenderedComponent<YesNoHost> cut) =>
        cut.Find("input:checked").Closest("label")!.TextContent.Trim();

    private static RenderFragment Radio(bool value, string label) => builder =>
    {
        builder.OpenComponent<MudRadio<bool?>>(0);
        builder.AddAttribute(1, nameof(MudRadio<bool?>.Value), (bool?)value);
        builder.AddAttribute(2, nameof(MudRadio<bool?>.Color), Color.Primary);
        builder.AddAttribute(3, nameof(MudRadio<bool?>.ChildContent), (RenderFragment)(b => b.AddContent(0, label)));
        builder.CloseComponent();
    };

    /// <summary>
    /// Every element with its sorted attributes, and the text: what the browser and the stylesheet see. Left out:
    /// Blazor's event markers; the labels' ids, random and there only for MudBlazor's KeyInterceptor script to find
    /// them (no style uses them); the value of the radios' name, a random GUID in MudBlazor (only its presence matters).
    /// Whitespace is collapsed: MudBlazor's source has a line break between input and icon, inside an inline-flex
    /// span where it draws nothing.
    /// </summary>
    private static string Describe(IElement element) =>
        string.Concat(element.DescendantsAndSelf<IElement>().Select(e =>
            $"<{e.LocalName} {string.Join(" ", e.Attributes
                .Where(a => !a.Name.StartsWith("blazor:", StringComparison.Ordinal) && !(e.LocalName == "label" && a.Name == "id"))
                .Select(a => a.Name == "name" ? "name=\"*\"" : $"{a.Name}=\"{a.Value}\"").Order(StringComparer.Ordinal))}>"))
        + Whitespace().Replace(element.TextContent, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>A step in miniature: holds the choice and re-renders on change, as a wizard step does.</summary>
    private sealed class YesNoHost : ComponentBase
    {
        [Parameter]
        public bool? Value { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder) =>
            builder.AddContent(0, ChoiceControls.YesNo(this, "answer", Value, value => Value = value, "Oui", "Non"));
    }

    private sealed class CheckBoxHost : ComponentBase
    {
        [Parameter]
        public bool Value { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder) =>
            builder.AddContent(0, ChoiceControls.CheckBox(this, "Afficher les mots de passe", Value, value => Value = value));
    }
}
