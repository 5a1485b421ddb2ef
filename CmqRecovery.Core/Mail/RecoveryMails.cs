using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CmqRecovery.Core.Mail.Resources;
using CmqRecovery.Core.Recovery;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// The two mails members receive, French first and English below (one mail serves both, as the member's
/// language is not known to the mailbox), each with a text and an HTML part. Every inserted value is
/// HTML-encoded in the HTML part. The wording lives in Resources/MailText.resx (French) and MailText.en.resx.
/// </summary>
public sealed partial class RecoveryMails(
    IStringLocalizer<MailText> localizer, DurationFormatter durations, IOptions<RecoveryOptions> options)
{
    // Encodes what HTML gives meaning to (< > & quotes…) but leaves accented letters readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-CA");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-CA");

    /// <summary>« Réinitialisation du mot de passe »: French only, as in the Collège's procedure.</summary>
    public string ResetLinkSubject => In(French, t => t[MailText.ResetLinkSubject]);

    public string PasswordChangedSubject => Bilingual(MailText.PasswordChangedSubject);

    /// <summary>Wording after the seed's.</summary>
    public MailContent ResetLink(string displayName, Uri link, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(link);
        return Mail(
            ResetLinkSubject, displayName, link,
            t => [t[MailText.ResetLinkRequested], t[MailText.ResetLinkClick]],
            t => [t.Format(MailText.ResetLinkValidity, Duration(lifetime)), t[MailText.ResetLinkIgnore]]);
    }

    /// <summary>Notice that the password changed, never containing it.</summary>
    public MailContent PasswordChanged(string displayName, DateTimeOffset changedAt, Uri signInUrl)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(signInUrl);
        return Mail(
            PasswordChangedSubject, displayName, signInUrl,
            t => [t.Format(MailText.PasswordChangedOn, LocalTime(t, changedAt)), t[MailText.PasswordChangedByYou]],
            t => [t.Format(MailText.PasswordChangedNotByYou, SupportPhone)]);
    }

    public string QuestionsChangedSubject => Bilingual(MailText.QuestionsChangedSubject);

    /// <summary>Notice that the security questions changed, naming neither the questions nor the answers.</summary>
    public MailContent QuestionsChanged(string displayName, DateTimeOffset changedAt, Uri signInUrl)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        ArgumentNullException.ThrowIfNull(signInUrl);
        return Mail(
            QuestionsChangedSubject, displayName, signInUrl,
            t => [t.Format(MailText.QuestionsChangedOn, LocalTime(t, changedAt)), t[MailText.QuestionsChangedByYou]],
            t => [t.Format(MailText.QuestionsChangedNotByYou, SupportPhone)]);
    }

    /// <summary>
    /// Every mail's shape, French section then English: the greeting, <paramref name="before"/>'s paragraphs, the link,
    /// <paramref name="after"/>'s, the thanks and the signature. Each section is built in its own language.
    /// </summary>
    private MailContent Mail(string subject, string displayName, Uri link, Func<Words, string[]> before, Func<Words, string[]> after)
    {
        var url = link.AbsoluteUri;
        Section Build(Words t) => new(
            t.Lang, t.Format(MailText.Greeting, displayName), before(t), url, after(t), t[MailText.Thanks], Signature(t));

        return Compose(subject, In(French, Build), In(English, Build));
    }

    /// <summary>A subject in French, then in English after a slash.</summary>
    private string Bilingual(string name) => In(French, t => t[name]) + " / " + In(English, t => t[name]);

    /// <summary>One mail needs both languages: each section is built in its own (<see cref="InCulture"/>).</summary>
    private T In<T>(CultureInfo culture, Func<Words, T> build) => InCulture.Read(culture, () => build(new Words(localizer, culture)));

    /// <summary>The strings of one language; a missing one throws rather than mail its key to a member.</summary>
    private readonly struct Words(IStringLocalizer strings, CultureInfo culture)
    {
        public string Lang => culture.TwoLetterISOLanguageName;

        public CultureInfo Culture => culture;

        public string this[string name]
        {
            get
            {
                var value = strings[name];
                return value.ResourceNotFound
                    ? throw new InvalidOperationException($"Mail text '{name}' is missing ({culture.Name}).")
                    : value.Value;
            }
        }

        public string Format(string name, params object[] arguments) =>
            string.Format(culture, this[name], arguments);
    }

    private string SupportPhone => options.Value.SupportPhone;

    private string[] Signature(Words t) =>
        [t[MailText.SignatureCollege], t.Format(MailText.SignatureSupport, SupportPhone)];

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

    /// <summary>Called inside <see cref="In{T}"/>, so in that section's language.</summary>
    private string Duration(TimeSpan duration) => durations.Format(duration);

    /// <summary>The instant in Quebec's time, its zone named, so a member can tell whether it was them.</summary>
    private static string LocalTime(Words t, DateTimeOffset at)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById("America/Toronto", out var zone))
        {
            var local = TimeZoneInfo.ConvertTime(at, zone);
            var name = t[zone.IsDaylightSavingTime(local) ? MailText.ZoneDaylight : MailText.ZoneStandard];
            return local.ToString(t[MailText.DateTimeFormat], t.Culture) + $" ({name}, {Offset(local.Offset)})";
        }

        // No time zone data on this machine: say UTC rather than guess.
        return at.ToUniversalTime().ToString(t[MailText.DateTimeFormat], t.Culture) + " (UTC)";
    }

    private static string Offset(TimeSpan offset) =>
        $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration():hh\\:mm}";
}
