using System.Text;
using System.Text.Encodings.Web;
using CmqRecovery.Web.Hosting;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Web.Oidc;

/// <summary>
/// An end-session request without <c>id_token_hint</c> could come from any page that links here (a forced sign-out),
/// so the member is asked first: « Voulez-vous vous déconnecter? », Oui posts the request back with an antiforgery
/// token, Non leads to « Mon compte ». No layout, script or circuit, like the refusal page.
/// </summary>
internal static class EndSessionConfirmation
{
    /// <summary>The form field that says the member answered Oui; only valid with the antiforgery token.</summary>
    public const string ConfirmField = "cmq_confirm";

    public static bool IsAnswer(HttpContext http) => http.Request.HasFormContentType && http.Request.Form.ContainsKey(ConfirmField);

    public static async Task<bool> IsGenuineAnswerAsync(HttpContext http) =>
        await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);

    public static Task WriteAsync(HttpContext http, string? postLogoutRedirectUri)
    {
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var html = http.RequestServices.GetRequiredService<HtmlEncoder>();
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        // The request's own parameters go back as they came (OpenIddict has validated them); ours are added once.
        var fields = new StringBuilder();
        var parameters = http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList();
        foreach (var (name, values) in parameters.Where(p => p.Key != ConfirmField && p.Key != tokens.FormFieldName))
        {
            foreach (var value in values)
            {
                fields.Append($"""<input type="hidden" name="{html.Encode(name)}" value="{html.Encode(value ?? "")}">""");
            }
        }

        fields.Append($"""<input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{html.Encode(tokens.RequestToken ?? "")}">""");
        fields.Append($"""<input type="hidden" name="{ConfirmField}" value="1">""");

        // Oui's post redirects to the client's registered post_logout_redirect_uri: the CSP's form-action must allow it.
        if (Uri.TryCreate(postLogoutRedirectUri, UriKind.Absolute, out var target))
        {
            ClientFormActions.Allow(http, [target.GetLeftPart(UriPartial.Authority)]);
        }

        var question = text["OidcEndSessionQuestion"].Value;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="{html.Encode(Cultures.Current)}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.Encode(question)}</title></head>
            <body><main><h1>{html.Encode(question)}</h1>
            <form method="post" action="{html.Encode(Routes.OidcEndSession)}">{fields}<button type="submit">{html.Encode(text["OidcEndSessionYes"])}</button></form>
            <p><a href="{html.Encode(Routes.Account)}">{html.Encode(text["OidcEndSessionNo"])}</a></p></main></body>
            </html>
            """,
            http.RequestAborted);
    }
}
