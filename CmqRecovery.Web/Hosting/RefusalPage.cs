using System.Text.Encodings.Web;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// The short bilingual page a request refused in front of the app gets (rate limits, circuit caps): the message as
/// an alert and one link onward, in the request's language, with no layout, script or circuit.
/// </summary>
internal static class RefusalPage
{
    public static Task WriteAsync(HttpContext http, string message, string href, string linkText, CancellationToken cancellationToken = default)
    {
        var html = http.RequestServices.GetRequiredService<HtmlEncoder>(); // the app's: French text as is
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{html.Encode(Cultures.Current)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.Encode(message)}</title></head>
            <body><main><p role="alert">{html.Encode(message)}</p><p><a href="{html.Encode(href)}">{html.Encode(linkText)}</a></p></main></body>
            </html>
            """,
            cancellationToken);
    }
}
