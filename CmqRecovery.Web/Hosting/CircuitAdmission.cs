using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Who may reach the circuit hub (<c>/_blazor</c>), and the cheap refusals in front of it:
/// <list type="bullet">
/// <item>a hub request from a page of another origin gets 403 (<see cref="CircuitOrigins"/>): a WebSocket must carry an
/// allowed Origin, since every browser sends its page's real origin there; other hub requests (negotiate, long
/// polling) are refused when they carry a foreign one, and pass without one or with <c>null</c>, which is what a
/// browser sends from our own pages (no Origin on same-origin GETs; <c>null</c> on same-origin POSTs under the pages'
/// no-referrer policy, per the Fetch standard). A foreign page cannot use those: without CORS, which this app never
/// grants, it cannot read the connection token negotiate returns;</item>
/// <item>a client that already holds its share of circuit connections (<see cref="CircuitPlaces"/>) gets 429 on
/// negotiate and on the WebSocket, and a page that would open a circuit shows it the "too many open pages" text instead
/// (no circuit markers, so the browser does not even try). Only new connections are refused here; the count itself is
/// kept by <see cref="CircuitPlacesHubFilter"/>.</item>
/// </list>
/// </summary>
public static class CircuitAdmission
{
    public static IServiceCollection AddCircuitAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CircuitLimitsOptions>().Bind(configuration.GetSection(CircuitSettings.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.AllowedOrigins.All(origin => CircuitOrigins.Normalize(origin) is not null),
                "Circuits:AllowedOrigins: each entry must be an http or https origin, e.g. https://recuperation.cmq.org.")
            .ValidateOnStart();
        services.AddSingleton<CircuitPlaces>();
        services.AddSingleton<CircuitOrigins>();
        services.AddSingleton<CircuitPlacesHubFilter>();
        return services;
    }

    /// <summary>The hub's filter: registered on the circuit hub's options only.</summary>
    public static IServerSideBlazorBuilder AddCircuitPlaces(this IServerSideBlazorBuilder builder) =>
        builder.AddHubOptions(options => options.AddFilter<CircuitPlacesHubFilter>());

    public static IApplicationBuilder UseCircuitAdmission(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<HubMetadata>() is not null)
        {
            if (!OriginAllowed(http))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsync("Origin not allowed.");
                return;
            }

            var opensConnection = endpoint.Metadata.GetMetadata<NegotiateMetadata>() is not null || IsWebSocketRequest(http);
            if (opensConnection && Refusal(http) is { } refusal)
            {
                await RefuseAsync(http, refusal, page: false);
                return;
            }
        }
        else if (HttpMethods.IsGet(http.Request.Method)
            && endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            && http.AcceptsInteractiveRouting()
            && Refusal(http) is { } pageRefusal)
        {
            await RefuseAsync(http, pageRefusal, page: true);
            return;
        }

        await next(http);
    });

    internal static string LimitName(CircuitRefusal refusal) => refusal switch
    {
        CircuitRefusal.TooManyForClient => "circuits-per-client",
        _ => "circuits-per-node",
    };

    private static bool OriginAllowed(HttpContext http)
    {
        var origin = http.Request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origin) || origin == "null")
        {
            return !IsWebSocketRequest(http);
        }

        return origin.Count == 1 && http.RequestServices.GetRequiredService<CircuitOrigins>().IsAllowed(origin.ToString());
    }

    // The endpoint's own WebSocket middleware has not run yet, so the request is read as it came: an HTTP/1.1 upgrade,
    // or HTTP/2's extended CONNECT.
    private static bool IsWebSocketRequest(HttpContext http) =>
        string.Equals(http.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase)
        || http.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: var protocol }
            && string.Equals(protocol, "websocket", StringComparison.OrdinalIgnoreCase);

    private static CircuitRefusal? Refusal(HttpContext http) =>
        http.RequestServices.GetRequiredService<CircuitPlaces>().WouldRefuse(
            http.RequestServices.GetRequiredService<SharedRateLimiters>().PartitionKey(http.Connection.RemoteIpAddress));

    private static async Task RefuseAsync(HttpContext http, CircuitRefusal refusal, bool page)
    {
        http.RequestServices.GetRequiredService<RecoveryMetrics>().Rejected(LimitName(refusal));
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var message = refusal == CircuitRefusal.TooManyForClient ? text["TooManyOpenPages"] : text["ErrorBusy"];
        if (refusal == CircuitRefusal.TooManyForClient)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }
        else
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "30";
        }

        if (!page)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(message);
            return;
        }

        await RefusalPage.WriteAsync(http, message, http.Request.Path + http.Request.QueryString, text["Reload"]);
    }
}
