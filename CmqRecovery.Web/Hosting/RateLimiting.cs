using System.Globalization;
using System.Threading.RateLimiting;
using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Throttling;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Per-IP limits on HTTP endpoints, with ASP.NET Core's rate-limiting middleware and the same RateLimits settings
/// as the circuit's <see cref="ClientThrottle"/>. Apply a policy with [EnableRateLimiting(RateLimitPolicies.X)]
/// or .RequireRateLimiting(RateLimitPolicies.X). A refusal is a 429 with Retry-After and a short page in the
/// client's language, before the endpoint runs (so before any KDF or database write).
/// Captchas have no HTTP policy: every form of the challenge, on a circuit or over HTTP, is issued through
/// <c>IssueCaptcha</c>, which counts it under RateLimits:Captcha itself (one path, one counter).
/// The sign-in window is counted in the database the nodes share (<see cref="SharedRateLimiters"/>),
/// so one address has one budget across every node.
/// The in-flight cap per address stays in this node's memory on purpose: it bounds how much of this node's CPU one
/// address holds at once, which is a per-node quantity.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>POSTs only: the sign-in form's GET stays free, each POST costs a PBKDF2.</summary>
    public const string SignIn = "sign-in";

    public static IServiceCollection AddRecoveryRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.AddPolicy(SignIn, http => HttpMethods.IsPost(http.Request.Method)
                ? PerClient(http, ClientAction.SignIn)
                : RateLimitPartition.GetNoLimiter(string.Empty));
            // Before any endpoint policy: how many sign-in posts one address may have in progress at once.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignInPost(http)
                ? RateLimitPartition.GetConcurrencyLimiter(Limiters(http).PartitionKey(http.Connection.RemoteIpAddress), _ => InFlight(http))
                : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        return services;
    }

    private static bool IsSignInPost(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method)
        && http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignIn;

    private static ConcurrencyLimiterOptions InFlight(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitsOptions>>().Value;
        return new ConcurrencyLimiterOptions
        {
            PermitLimit = options.SignInConcurrencyPerClient,
            QueueLimit = options.SignInQueuePerClient,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        };
    }

    private static SharedRateLimiters Limiters(HttpContext http) => http.RequestServices.GetRequiredService<SharedRateLimiters>();

    private static RateLimitPartition<string> PerClient(HttpContext http, ClientAction action)
    {
        var limiters = Limiters(http);
        var client = limiters.PartitionKey(http.Connection.RemoteIpAddress);
        return limiters.Partition(client, action, client);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        // A window says when it reopens; a full in-flight queue does not: that is "busy, try again in seconds", and
        // so is a window the database could not count (refused, never waved through: SharedFixedWindowRateLimiter).
        var windowed = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
        var storeUnavailable = context.Lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason)
            && reason == SharedFixedWindowRateLimiter.StoreUnavailable;
        var throttled = windowed ? new Throttled(ThrottleReason.TooManyAttempts, wait) : Throttled.Busy;
        http.RequestServices.GetRequiredService<RecoveryMetrics>().Rejected(windowed || storeUnavailable
            ? http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "other"
            : RecoveryMetrics.Limits.SignInInFlight);
        http.Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

        var text = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var message = ThrottleMessages.For(text, throttled);
        await RefusalPage.WriteAsync(http, message, Routes.SignIn, text["BackToSignIn"], cancellationToken);
    }
}

/// <summary>The bilingual words for a refusal, from its reason and wait: one source for the pages and the wizard.</summary>
public static class ThrottleMessages
{
    public static string For(IStringLocalizer text, Throttled throttled) => throttled.Reason switch
    {
        ThrottleReason.Busy => text["ErrorBusy"],
        _ when throttled.RetryAfterMinutes == 1 => text["ErrorTooManyAttemptsOneMinute"],
        _ => string.Format(CultureInfo.CurrentCulture, text["ErrorTooManyAttemptsMinutes"], throttled.RetryAfterMinutes),
    };
}
