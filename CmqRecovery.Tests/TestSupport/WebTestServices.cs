using Bunit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CmqRecovery.Tests.TestSupport;

public static class WebTestServices
{
    public const string ClientIp = "203.0.113.9";

    /// <summary>
    /// What any of the app's components needs to render, and nothing of Core: MudBlazor's services, the localizer
    /// (_Imports.razor injects it everywhere) and logging. JS interop is loose because MudBlazor calls its own scripts
    /// on every render; the app's own calls are verified where they matter.
    /// </summary>
    public static BunitContext AddComponentServices(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddLocalization();
        context.Services.AddLogging();
        return context;
    }

    /// <summary>
    /// The web layer's services over a real Core (<paramref name="host"/>: SQLite file, fake clock, captcha test code).
    /// </summary>
    public static BunitContext AddTestServices(this BunitContext context, CoreTestHost host)
    {
        var services = context.AddComponentServices().Services;

        // The same Core singletons the host built, so tests can look at the database the components wrote.
        services.AddSingleton(_ => host.Get<TimeProvider>());
        services.AddSingleton(_ => host.Get<CaptchaService>());
        services.AddSingleton(_ => host.Get<IssueCaptcha>());
        services.AddSingleton(_ => host.Get<IdentifyMember>());
        services.AddSingleton(_ => host.Get<CheckAnswers>());
        services.AddSingleton(_ => host.Get<ConfirmEmail>());
        services.AddSingleton(_ => host.Get<OpenLink>());
        services.AddSingleton(_ => host.Get<SetPassword>());
        services.AddSingleton(_ => host.Get<SignInMember>());
        services.AddSingleton(_ => host.Get<IOptions<RecoveryOptions>>());
        services.AddSingleton(_ => host.Get<DurationFormatter>());
        // « Mon compte »'s (the page reads the member's questions, sessions and activity; the password page changes it).
        services.AddSingleton(_ => host.Get<CmqRecovery.Core.Account.ReadSecurityQuestions>());
        services.AddSingleton(_ => host.Get<CmqRecovery.Core.Account.MemberSessionList>());
        services.AddSingleton(_ => host.Get<CmqRecovery.Core.Account.ReadRecentActivity>());
        services.AddSingleton(_ => host.Get<IOptions<CmqRecovery.Core.Account.AccountOptions>>());
        services.AddSingleton(_ => host.Get<CmqRecovery.Core.Account.ChangePassword>());
        services.AddSingleton(_ => host.Get<CmqRecovery.Core.SignIn.MemberSessions>());

        services.AddRecoveryWizard();
        services.AddScoped(_ => new CurrentClient { IpAddress = ClientIp });

        // As in a live circuit (not prerendering): the steps only call Core once interactive.
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
