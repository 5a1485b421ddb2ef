using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// The two mails members receive, French first and English below (one mail serves both, as the member's
/// language is not known to the mailbox), each with a text and an HTML part. Every inserted value is
/// HTML-encoded in the HTML part.
/// </summary>
public static class RecoveryMails
{
    public const string ResetLinkSubject = "Réinitialisation du mot de passe";
    public const string PasswordChangedSubject = "Votre mot de passe a été modifié / Your password was changed";
    public const string SupportPhone = "514 933-4325";

    // Encodes what HTML gives meaning to (< > & quotes…) but leaves accented letters readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-CA");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-CA");

    /// <summary>Subject « Réinitialisation du mot de passe »; wording after the seed's.</summary>
    public static MailContent ResetLink(string displayName, Uri link, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(link);
        var url = link.AbsoluteUri;
        var (frLife, enLife) = (Duration(lifetime, french: true), Duration(lifetime, french: false));

        var fr = new Section(
            "fr",
            $"Bonjour {displayName},",
            [
                "Une demande de modification de votre mot de passe a été reçue au Collège des médecins du Québec.",
                "Cliquez sur le lien ci-dessous pour réinitialiser votre mot de passe. Si le lien ne fonctionne pas, copiez le lien et collez-le dans la barre d'adresse de votre navigateur Web.",
            ],
            url,
            [
                $"Ce lien est valide pendant {frLife} et une seule fois.",
                "Si vous n'avez pas fait cette demande, ignorez ce message : votre mot de passe ne changera pas.",
            ],
            "Merci!",
            ["Le Collège des médecins du Québec", $"Soutien technique : {SupportPhone}"]);

        var en = new Section(
            "en",
            $"Hello {displayName},",
            [
                "A request to change your password was received by the Collège des médecins du Québec.",
                "Click the link below to reset your password. If the link does not work, copy it and paste it into your web browser's address bar.",
            ],
            url,
            [
                $"This link is valid for {enLife} and can be used only once.",
                "If you did not make this request, ignore this message: your password will not change.",
            ],
            "Thank you!",
            ["Collège des médecins du Québec", $"Technical support: {SupportPhone}"]);

        return Compose(ResetLinkSubject, fr, en);
    }

    /// <summary>Notice that the password changed, never containing it.</summary>
    public static MailContent PasswordChanged(string displayName, DateTimeOffset changedAt, Uri signInUrl)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(signInUrl);
        var (frWhen, enWhen) = LocalTime(changedAt);
        var url = signInUrl.AbsoluteUri;

        var fr = new Section(
            "fr",
            $"Bonjour {displayName},",
            [
                $"Le mot de passe de votre compte de la messagerie sécurisée du Collège des médecins du Québec a été modifié le {frWhen}.",
                "Si vous êtes à l'origine de ce changement, vous n'avez rien à faire. Vous pouvez vous connecter avec votre nouveau mot de passe :",
            ],
            url,
            [
                $"Si vous n'êtes pas à l'origine de ce changement, communiquez sans tarder avec le soutien technique au {SupportPhone}.",
            ],
            "Merci!",
            ["Le Collège des médecins du Québec", $"Soutien technique : {SupportPhone}"]);

        var en = new Section(
            "en",
            $"Hello {displayName},",
            [
                $"The password of your Collège des médecins du Québec secure messaging account was changed on {enWhen}.",
                "If you made this change, there is nothing to do. You can sign in with your new password:",
            ],
            url,
            [
                $"If you did not make this change, call technical support at {SupportPhone} without delay.",
            ],
            "Thank you!",
            ["Collège des médecins du Québec", $"Technical support: {SupportPhone}"]);

        return Compose(PasswordChangedSubject, fr, en);
    }

    private sealed record Section(
        string Lang, string Greeting, string[] Before, string Link, string[] After, string Thanks, string[] Signature);

    private static MailContent Compose(string subject, Section fr, Section en) =>
        new(subject, Text(fr) + "\n----------------------------------------\n\n" + Text(en), Html(subject, fr, en));

    private static string Text(Section s)
    {
        var text = new StringBuilder();
        text.Append(s.Greeting).Append("\n\n");
        foreach (var paragraph in s.Before)
        {
            text.Append(paragraph).Append("\n\n");
        }

        text.Append(s.Link).Append("\n\n");
        foreach (var paragraph in s.After)
        {
            text.Append(paragraph).Append("\n\n");
        }

        text.Append(s.Thanks).Append("\n\n");
        text.AppendJoin('\n', s.Signature).Append('\n');
        return text.ToString();
    }

    private static string Html(string subject, Section fr, Section en)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>")
            .Append(Encoder.Encode(subject))
            .Append("</title></head>\n<body style=\"margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff\">\n");
        HtmlSection(html, fr);
        html.Append("<hr style=\"border:none;border-top:1px solid #999999;margin:24px 0\">\n");
        HtmlSection(html, en);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void HtmlSection(StringBuilder html, Section s)
    {
        html.Append("<div lang=\"").Append(s.Lang).Append("\">\n");
        Paragraph(html, s.Greeting);
        foreach (var paragraph in s.Before)
        {
            Paragraph(html, paragraph);
        }

        var link = Encoder.Encode(s.Link);
        html.Append("<p><a href=\"").Append(link).Append("\" style=\"color:#0b4f8a;text-decoration:underline;word-break:break-all\">")
            .Append(link).Append("</a></p>\n");
        foreach (var paragraph in s.After)
        {
            Paragraph(html, paragraph);
        }

        Paragraph(html, s.Thanks);
        html.Append("<p>").AppendJoin("<br>", s.Signature.Select(Encoder.Encode)).Append("</p>\n</div>\n");
    }

    private static void Paragraph(StringBuilder html, string text) =>
        html.Append("<p>").Append(Encoder.Encode(text)).Append("</p>\n");

    private static string Duration(TimeSpan lifetime, bool french)
    {
        // Whole hours read better past two hours; otherwise minutes (30 minutes by default).
        if (lifetime >= TimeSpan.FromHours(2) && lifetime.TotalHours == Math.Floor(lifetime.TotalHours))
        {
            var hours = (int)lifetime.TotalHours;
            return french ? $"{hours} heures" : $"{hours} hours";
        }

        var minutes = Math.Max(1, (int)Math.Ceiling(lifetime.TotalMinutes));
        return minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }

    /// <summary>The instant in Quebec's time, its zone named, so a member can tell whether it was them.</summary>
    private static (string French, string English) LocalTime(DateTimeOffset at)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById("America/Toronto", out var zone))
        {
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var daylight = zone.IsDaylightSavingTime(local);
            var offset = Offset(local.Offset);
            return (
                local.ToString("d MMMM yyyy 'à' H' h 'mm", French) + $" ({(daylight ? "heure avancée de l'Est" : "heure normale de l'Est")}, {offset})",
                local.ToString("MMMM d, yyyy 'at' h:mm tt", English) + $" ({(daylight ? "Eastern Daylight Time" : "Eastern Standard Time")}, {offset})");
        }

        // No time zone data on this machine: say UTC rather than guess.
        var utc = at.ToUniversalTime();
        return (
            utc.ToString("d MMMM yyyy 'à' H' h 'mm", French) + " (UTC)",
            utc.ToString("MMMM d, yyyy 'at' h:mm tt", English) + " (UTC)");
    }

    private static string Offset(TimeSpan offset) =>
        $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration():hh\\:mm}";
}
