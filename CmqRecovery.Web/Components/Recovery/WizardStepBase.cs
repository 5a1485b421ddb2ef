using CmqRecovery.Core;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Web.Hosting;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// What every step shares: the wizard state, the client, and one guard around Core calls so that an unexpected
/// failure shows a localized message, is logged, and leaves the circuit alive.
/// </summary>
public abstract class WizardStepBase : ComponentBase
{
    [Inject] protected RecoveryWizardState State { get; set; } = default!;
    [Inject] protected CurrentClient CurrentClient { get; set; } = default!;
    [Inject] private IStringLocalizer<Strings> Localizer { get; set; } = default!;
    [Inject] protected SettingTexts Texts { get; set; } = default!;
    [Inject] private ILogger<WizardStepBase> Logger { get; set; } = default!;

    private ElementReference _heading;

    protected ClientContext Client => CurrentClient.Context;

    /// <summary>
    /// The step's heading. When the wizard moves to a new step, focus lands here after its first render, so screen
    /// readers announce the new step. Markup in the step's own tree: nothing a component would add.
    /// </summary>
    protected RenderFragment StepHeading(string text) => StepHeading(builder => builder.AddContent(0, text));

    protected RenderFragment StepHeading(RenderFragment content) => builder =>
    {
        builder.OpenElement(0, "h2");
        builder.AddAttribute(1, "class", "step-heading");
        builder.AddAttribute(2, "tabindex", "-1");
        builder.AddElementReferenceCapture(3, reference => _heading = reference);
        builder.AddContent(4, content);
        builder.CloseElement();
    };

    /// <summary>Steps that override this call it first. Parts without a heading (WorkCheck) never take the focus.</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _heading.Id is not null && State.TakeFocus())
        {
            await _heading.FocusAsync();
        }
    }

    protected bool Busy { get; private set; }

    /// <summary>« Trop de tentatives. Réessayez dans N minutes. » or « service busy », in the client's language.</summary>
    protected string ThrottledText(Throttled throttled) => ThrottleMessages.For(Localizer, throttled);

    /// <summary>Set by <see cref="HandleShared"/> while the last Core call was throttled: nothing was spent, try again later.</summary>
    protected string? ThrottleMessage { get; private set; }

    /// <summary>
    /// The outcomes every step answers the same way: throttled (a message; the step stays as it is), suspended and
    /// link no longer valid (their own pages). True when it handled the result; otherwise the step handles its own.
    /// </summary>
    protected bool HandleShared(UseCaseResult result)
    {
        ThrottleMessage = result.Throttled is { } throttled ? ThrottledText(throttled) : null;
        switch (result.Outcome)
        {
            case Outcome.Throttled:
                return true;
            case Outcome.Suspended:
                State.GoTo(StepTable.Suspended);
                return true;
            case Outcome.LinkNoLongerValid:
                State.GoTo(StepTable.LinkInvalid);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The member acted again (a new image, another way through): the last refusal no longer applies.</summary>
    protected void ClearThrottleMessage() => ThrottleMessage = null;

    protected string? UnexpectedError { get; private set; }

    protected async Task RunAsync(Func<Task> action)
    {
        if (Busy)
        {
            return;
        }

        Busy = true;
        UnexpectedError = null;
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            Logger.LogError(exception, "Recovery step {Step} failed unexpectedly.", State.Step);
            UnexpectedError = Texts.UnexpectedError;
        }
        finally
        {
            Busy = false;
        }
    }
}
