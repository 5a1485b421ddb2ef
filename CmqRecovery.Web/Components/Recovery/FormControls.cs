using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// The former markup helpers' signatures, now only forwarding to the components (decision 0001), so call sites
/// written against them keep compiling. New code writes <c>&lt;TextField&gt;</c> and <c>&lt;MudButton&gt;</c> itself.
/// </summary>
public static class FormControls
{
    /// <summary>For identifiers, codes and answers: a spell checker only gets in the way.</summary>
    public static readonly IReadOnlyDictionary<string, object> NoSpellcheck = new Dictionary<string, object> { ["spellcheck"] = "false" };

    /// <summary>A <see cref="TextField"/>; <paramref name="step"/> receives the change and re-renders.</summary>
    public static RenderFragment TextField(
        IHandleEvent step, string id, string label, string? value, Action<string?> changed, int maxLength,
        bool error = false, string type = "text", IReadOnlyDictionary<string, object>? attributes = null) => builder =>
    {
        builder.OpenComponent<TextField>(0);
        builder.AddComponentParameter(1, nameof(Recovery.TextField.Id), id);
        builder.AddComponentParameter(2, nameof(Recovery.TextField.Label), label);
        builder.AddComponentParameter(3, nameof(Recovery.TextField.Value), value);
        builder.AddComponentParameter(4, nameof(Recovery.TextField.ValueChanged), EventCallback.Factory.Create(step, changed));
        builder.AddComponentParameter(5, nameof(Recovery.TextField.ValueExpression), (System.Linq.Expressions.Expression<Func<string?>>)(() => value));
        builder.AddComponentParameter(6, nameof(Recovery.TextField.MaxLength), maxLength);
        builder.AddComponentParameter(7, nameof(Recovery.TextField.Error), error);
        builder.AddComponentParameter(8, nameof(Recovery.TextField.Type), type);
        builder.AddComponentParameter(9, nameof(Recovery.TextField.AdditionalAttributes), attributes);
        builder.CloseComponent();
    };

    /// <summary>A filled <see cref="MudButton"/> that submits its form.</summary>
    public static RenderFragment SubmitButton(string label, bool disabled = false, string? endIcon = Icons.Material.Filled.ArrowForward) => builder =>
    {
        builder.OpenComponent<MudButton>(0);
        builder.AddComponentParameter(1, nameof(MudButton.ButtonType), ButtonType.Submit);
        builder.AddComponentParameter(2, nameof(MudButton.Variant), Variant.Filled);
        builder.AddComponentParameter(3, nameof(MudButton.Color), Color.Primary);
        builder.AddComponentParameter(4, nameof(MudButton.Disabled), disabled);
        builder.AddComponentParameter(5, nameof(MudButton.EndIcon), endIcon);
        builder.AddComponentParameter(6, nameof(MudButton.ChildContent), (RenderFragment)(b => b.AddContent(0, label)));
        builder.CloseComponent();
    };

    /// <summary>A <see cref="MudButton"/> that runs <paramref name="onClick"/> on <paramref name="step"/>.</summary>
    public static RenderFragment Button(
        IHandleEvent step, string label, Func<Task> onClick, Variant variant = Variant.Outlined, bool disabled = false, string? startIcon = null) => builder =>
    {
        builder.OpenComponent<MudButton>(0);
        builder.AddComponentParameter(1, nameof(MudButton.Variant), variant);
        builder.AddComponentParameter(2, nameof(MudButton.Color), Color.Primary);
        builder.AddComponentParameter(3, nameof(MudButton.Disabled), disabled);
        builder.AddComponentParameter(4, nameof(MudButton.StartIcon), startIcon);
        builder.AddComponentParameter(5, nameof(MudButton.OnClick), EventCallback.Factory.Create<MouseEventArgs>(step, onClick));
        builder.AddComponentParameter(6, nameof(MudButton.ChildContent), (RenderFragment)(b => b.AddContent(0, label)));
        builder.CloseComponent();
    };
}
