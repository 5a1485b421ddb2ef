using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CmqRecovery.Web.Components;
using CmqRecovery.Web.Staff;
using Microsoft.Extensions.WebEncoders;
using MudBlazor.Services;

namespace CmqRecovery.Web.Hosting;

/// <summary>Everything Program.cs wires, in named groups so Program.cs stays a table of contents.</summary>
public static class RecoveryWebHostingExtensions
{
    public static WebApplicationBuilder AddRecoveryWeb(this WebApplicationBuilder builder)
    {
        // Outside Development, missing mail or link settings stop the app here, before anything listens.
        StartupRequirements.Ensure(builder.Environment, builder.Configuration);

        // Core: data, use cases, options, mail outbox.
        builder.Services.AddRecoveryCore(builder.Configuration);
        builder.Services.AddRecoveryLinks();

        // Blazor Server with MudBlazor; French first, English second.
        builder.Services.AddRazorComponents().AddInteractiveServerComponents().AddCircuitPlaces();
        builder.Services.AddRecoveryCircuitOptions(builder.Configuration);
        // Who may open a circuit (Origin), and how many per client address and per node.
        builder.Services.AddCircuitAdmission(builder.Configuration);
        builder.Services.AddMudServices();
        builder.Services.AddLocalization();
        // French text as is in the HTML (é, not &#xE9;): smaller pages, readable source. Markup is still encoded.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        // The wizard: one state per circuit, and who the client is (IP, culture) for the use cases.
        builder.Services.AddRecoveryWizard();

        // /healthz and /readyz for the proxy and the orchestrator.
        builder.Services.AddRecoveryHealthChecks();

        // Prometheus /metrics on Management:Urls only, when set.
        builder.AddManagementEndpoint();

        // X-Forwarded-For/Proto from the configured proxies only.
        builder.Services.AddKnownProxies(builder.Configuration);

        // The login page's cookie, rejected once the member's security stamp changes.
        builder.Services.AddMemberCookieAuthentication();

        // Outside Development: Secure __Host- cookies (sign-in, antiforgery) and a year of HSTS.
        builder.Services.AddTransportSecurity(builder.Environment);

        // Outside Development: one JSON object per log line, for the log collector.
        builder.AddRecoveryLogging();

        // Per-IP limits on HTTP endpoints (sign-in posts, captcha); the circuit's own go through ClientThrottle.
        builder.Services.AddRecoveryRateLimits();

        // Development: an embedded SMTP server and the app's own address in mailed links.
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddDevelopmentDefaults(builder.Configuration);
        }

        return builder;
    }

    /// <summary>Migrates the database (SQLite or PostgreSQL); seeds the demo members in Development.</summary>
    public static Task InitializeRecoveryDatabaseAsync(this WebApplication app) =>
        RecoveryDatabase.InitializeAsync(app.Services, seedDemoMembers: app.Environment.IsDevelopment());

    public static WebApplication UseRecoveryPipeline(this WebApplication app)
    {
        // Requests on the management port get /metrics and nothing else, before anything public applies.
        app.UseManagementEndpoint();

        // The real client and scheme behind a known proxy, before anything looks at them (HTTPS only, limits, audit).
        app.UseKnownProxies();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(Routes.Error, createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        // Outside Development: plain HTTP is redirected or refused (400) here, before any page could set a Secure cookie.
        app.UseHttpsOnlyRequests();
        app.UseStatusCodePagesWithReExecute(Routes.NotFound, createScopeForStatusCodePages: true);
        app.UseDevelopmentPagesOnlyInDevelopment();
        app.UseRequestLocalization(options => options
            .AddSupportedCultures(Cultures.Supported)
            .AddSupportedUICultures(Cultures.Supported)
            .SetDefaultCulture(Cultures.French));
        // After localization (the refusal speaks the client's language): foreign origins and clients past their share
        // of circuits are refused before the hub or a page that would open a circuit runs.
        app.UseCircuitAdmission();
        // After localization (the 429 page speaks the client's language), before anything costly.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapRecoveryEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRecoveryHealthEndpoints();
        app.MapGet(Routes.Home, () => Results.Redirect(Routes.SignIn)).ExcludeFromDescription();
        app.MapCultureEndpoint();
        app.MapCaptchaAudioEndpoint();
        app.MapSignOutEndpoint();
        // No permessage-deflate on the circuit's WebSocket. Each compressed connection keeps its own zlib state
        // (≈ 300 KB of native memory, measured: docs/PERFORMANCE.md, fifth pass), about 30 % of an idle wizard circuit,
        // to save bytes on render batches that are small anyway; and compression would put secrets and typed input in
        // one compressed stream. Without it Blazor sends no CSP of its own: frame-ancestors stays SecurityHeaders' 'none'.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.DisableWebSocketCompression = true)
            .RequireStaffOnConsole();
        return app;
    }
}
