using System.Globalization;
using Bunit;
using CmqRecovery.Core.Members;
using CmqRecovery.Web.Components.Recovery;
using CmqRecovery.Web.Components.Recovery.Steps;
using CmqRecovery.Web.Resources;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// A bUnit context over a real Core, disposed asynchronously (MudBlazor's services are IAsyncDisposable).
/// French unless a test switches to English with <see cref="UseCulture"/>. A suite is an abstract class of
/// [DatabaseTheory] tests with one derived class per provider, marked [OnDatabase(provider)].
/// </summary>
public abstract class WebComponentTest : IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    // A step waits on the database: PostgreSQL on a busy CI machine can take longer than bUnit's one-second
    // default, which is a bound on waiting, not on the app (the app's own limits have their own tests).
    static WebComponentTest() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected WebComponentTest() => UseCulture("fr-CA");

    protected BunitContext Context { get; } = new();

    protected CoreTestHost Host { get; private set; } = default!;

    protected RecoveryWizardState State => Context.Services.GetRequiredService<RecoveryWizardState>();

    /// <summary>Settings on top of CoreTestHost's, e.g. a low rate limit.</summary>
    protected virtual IDictionary<string, string?>? HostSettings => null;

    public async Task InitializeAsync()
    {
        Host = await CoreTestHost.StartAsync(OnDatabaseAttribute.Of(GetType()), HostSettings);
        Context.AddTestServices(Host);
    }

    public async Task DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }

    protected static void UseCulture(string name)
    {
        CultureInfo.CurrentCulture = new CultureInfo(name);
        CultureInfo.CurrentUICulture = new CultureInfo(name);
    }

    /// <summary>
    /// What the user reads for <paramref name="key"/> in the current culture, through the app's own localizer: tests
    /// assert through the keys of Strings.resx, so a change of wording touches only the resx files (the wording itself
    /// is checked once, in LocalizationTests). A key missing from the resx fails here, rather than matching a
    /// component that would show the key's name.
    /// </summary>
    protected IStringLocalizer<Strings> Localizer => Context.Services.GetRequiredService<IStringLocalizer<Strings>>();

    protected string Text(string key, params object[] arguments)
    {
        var localizer = Localizer;
        // Without arguments, the text as written (a format such as "Robustesse : {0}" stays one).
        var text = arguments.Length == 0 ? localizer[key] : localizer[key, arguments];
        Assert.False(text.ResourceNotFound, $"Strings.resx has no text named {key}.");
        return text.Value;
    }

    /// <summary>The one button whose text is <paramref name="key"/>'s.</summary>
    protected IElement Button<T>(IRenderedComponent<T> cut, string key) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == Text(key));

    protected Task<Member> AddMarieAsync() => Host.AddDemoMemberAsync(0);

    /// <summary>
    /// What the browser sends for a field once the member leaves it (or submits): one change event. Fields are bound
    /// on change, so typing itself sends nothing; a field still bound on input would make this throw.
    /// </summary>
    protected static Task TypeAsync<T>(IRenderedComponent<T> cut, string inputId, string value) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find($"#{inputId}").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = value });

    /// <summary>Types the two answers of a questions step (procedure steps 3 and 7), in the order the fields show them.</summary>
    protected static async Task TypeAnswersAsync<T>(IRenderedComponent<T> cut, (string First, string Second) answers)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        await TypeAsync(cut, "answer-1", answers.First);
        await TypeAsync(cut, "answer-2", answers.Second);
    }

    /// <summary>The identify step, once its first captcha image shows.</summary>
    protected IRenderedComponent<IdentifyStep> RenderIdentifyStep()
    {
        var cut = Context.Render<IdentifyStep>();
        cut.WaitForElement("img.captcha-image");
        return cut;
    }

    /// <summary>Types one identifier (the field <paramref name="inputId"/>) and the captcha into the identify step, and submits.</summary>
    protected static async Task SubmitIdentifierAsync<T>(
        IRenderedComponent<T> cut, string inputId, string identifier, string captcha = TestHostSettings.CaptchaCode)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        await TypeAsync(cut, inputId, identifier);
        await TypeAsync(cut, "captcha", captcha);
        await SubmitAsync(cut);
    }

    protected static Task SubmitAsync<T>(IRenderedComponent<T> cut) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find("form").SubmitAsync(EventArgs.Empty);

    /// <summary>The text of the step's alert (role=alert), or null when there is none.</summary>
    protected static string? AlertText<T>(IRenderedComponent<T> cut) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("[role=alert]").Select(e => e.TextContent.Trim()).FirstOrDefault();

    /// <summary>The text of the label whose for= names the input, as assistive technology computes the name.</summary>
    protected static string LabelOf<T>(IRenderedComponent<T> cut, string inputId) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find($"label[for='{inputId}']").TextContent.Trim();
}
