using AngleSharp.Dom;
using Bunit;
using CmqRecovery.Web.Components.Recovery;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CmqRecovery.Tests.Web.Components.Recovery;

/// <summary>
/// ActionButton stands in for MudButton to keep idle circuits small; it must stay what MudBlazor draws, or a MudBlazor
/// update would silently change the look (and the tap targets the phone tests measure). Compared element by element
/// with the MudButton of the same parameters, ignoring only MudBlazor's internal stop-propagation marker.
/// </summary>
public sealed class ActionButtonTests
{
    public static TheoryData<Variant, bool, string?, string?> Buttons => new()
    {
        { Variant.Filled, true, null, Icons.Material.Filled.ArrowForward },
        { Variant.Outlined, false, Icons.Material.Filled.Refresh, null },
        { Variant.Text, false, null, null },
    };

    [Theory]
    [MemberData(nameof(Buttons))]
    public async Task Render_SameParameters_SameMarkupAsMudButton(Variant variant, bool submit, string? startIcon, string? endIcon)
    {
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLocalization(); // every component of the app injects the localizer (_Imports.razor)
        RenderFragment label = b => b.AddContent(0, "Soumettre");

        foreach (var disabled in new[] { false, true })
        {
            var mud = context.Render<MudButton>(p => p
                .Add(b => b.Variant, variant).Add(b => b.Color, Color.Primary)
                .Add(b => b.ButtonType, submit ? ButtonType.Submit : ButtonType.Button)
                .Add(b => b.StartIcon, startIcon).Add(b => b.EndIcon, endIcon)
                .Add(b => b.Disabled, disabled).Add(b => b.ChildContent, label));
            var ours = context.Render<ActionButton>(p => p
                .Add(b => b.Variant, variant).Add(b => b.Submit, submit)
                .Add(b => b.StartIcon, startIcon).Add(b => b.EndIcon, endIcon)
                .Add(b => b.Disabled, disabled).Add(b => b.ChildContent, label));

            Assert.Equal(Describe(mud.Find("button")), Describe(ours.Find("button")));
        }
    }

    [Fact]
    public async Task Render_Submit_HasNoServerClickHandler()
    {
        await using var context = new BunitContext();
        context.Services.AddLocalization();
        var cut = context.Render<ActionButton>(p => p.Add(b => b.Submit, true).Add(b => b.ChildContent, (RenderFragment)(b => b.AddContent(0, "Soumettre"))));

        // The form's submit handler is the one round trip; a click handler would add a second.
        Assert.DoesNotContain(cut.Find("button").Attributes, a => a.Name.StartsWith("blazor:onclick", StringComparison.Ordinal));
    }

    /// <summary>Every element with its sorted attributes, and the text: what the browser and the stylesheet see.</summary>
    private static string Describe(IElement element) =>
        string.Concat(element.DescendantsAndSelf<IElement>().Select(e =>
            $"<{e.LocalName} {string.Join(" ", e.Attributes
                .Where(a => !a.Name.StartsWith("__internal", StringComparison.Ordinal) && !a.Name.StartsWith("blazor:", StringComparison.Ordinal))
                .Select(a => $"{a.Name}=\"{a.Value}\"").Order(StringComparer.Ordinal))}>")) + element.TextContent;
}
