using System.Globalization;
using CmqRecovery.Core;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Security;
using Microsoft.AspNetCore.DataProtection;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// « Écouter les chiffres » for a page with no circuit (the static sign-in form): the page carries the image's audio
/// ticket sealed with Data Protection (shared by every node), and this GET speaks its digits. It goes through
/// <see cref="IssueCaptcha.AudioAsync"/>, so each listening counts under RateLimits:Captcha as the wizard's does, and a
/// spent or expired challenge is never heard again.
/// </summary>
public static class CaptchaAudioEndpoint
{
    private const string Purpose = "CmqRecovery.Web.CaptchaAudio";

    public static string UrlFor(IDataProtectionProvider dataProtection, CaptchaAudioTicket ticket) =>
        $"{Routes.CaptchaAudio}?{Routes.TicketQuery}={Uri.EscapeDataString(ticket.Protect(dataProtection.CreateProtector(Purpose)))}";

    public static IEndpointRouteBuilder MapCaptchaAudioEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Routes.CaptchaAudio, async (HttpContext http, IDataProtectionProvider dataProtection, IssueCaptcha issue) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            var sealedTicket = http.Request.Query[Routes.TicketQuery].ToString();
            if (CaptchaAudioTicket.Unprotect(dataProtection.CreateProtector(Purpose), sealedTicket) is not { } ticket)
            {
                return Results.NotFound();
            }

            var client = new ClientContext(http.Connection.RemoteIpAddress?.ToString(), Cultures.Current);
            var listening = await issue.AudioAsync(ticket, client, http.RequestAborted);
            if (listening.Throttled is { } throttled)
            {
                http.Response.Headers.RetryAfter = throttled.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }

            // Spent or expired: the page's « Nouvelle image » gives a challenge that can be heard.
            return listening.Value is { } wav ? Results.File(wav, "audio/wav") : Results.StatusCode(StatusCodes.Status410Gone);
        }).ExcludeFromDescription();
        return endpoints;
    }
}
