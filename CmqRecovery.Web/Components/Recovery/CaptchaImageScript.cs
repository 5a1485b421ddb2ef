using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CmqRecovery.Web.Components.Recovery;

/// <summary>
/// Streams a captcha PNG to the browser once, where wwwroot/js/captcha-image.js shows it from a blob: URL. A data: URI
/// in the markup kept ~80 KB per idle circuit (the base64 string in two render trees, plus the bytes); here nothing
/// keeps it. The script is a module imported on first use, so the page's first load makes one request fewer. It is
/// imported for its side effect (it defines <c>cmqShowCaptcha</c>) and no module reference is kept: a reference, and
/// its release, made every idle circuit build ~26 KB of JSON metadata for types nothing else sends (heap-dump diff).
/// </summary>
internal static class CaptchaImageScript
{
    public const string Path = "js/captcha-image.js";

    /// <param name="scriptUrl">The fingerprinted, absolute address of <see cref="Path"/>.</param>
    public static async Task ShowAsync(IJSRuntime js, string scriptUrl, ElementReference image, byte[] png, ILogger logger)
    {
        try
        {
            await js.InvokeVoidAsync("import", scriptUrl); // the browser evaluates the module once
            // The reference closes its stream once the browser has read it.
            await js.InvokeVoidAsync("cmqShowCaptcha", image, new DotNetStreamReference(new MemoryStream(png, writable: false)));
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or OperationCanceledException)
        {
            // The member still has « Nouvelle image » and the other ways through; the circuit must live on.
            logger.LogWarning(exception, "The captcha image could not be sent to the browser.");
        }
    }
}
