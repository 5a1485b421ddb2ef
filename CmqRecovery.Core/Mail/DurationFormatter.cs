using System.Globalization;
using CmqRecovery.Core.Mail.Resources;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// The one way a duration is written, in mails and on pages, in the current UI language: « 24 heures », « 45 minutes »,
/// « 1 minute ». Whole hours from two hours up; otherwise minutes, rounded up.
/// </summary>
public sealed class DurationFormatter(IStringLocalizer<MailText> text)
{
    public string Format(TimeSpan duration)
    {
        if (duration >= TimeSpan.FromHours(2) && duration.TotalHours == Math.Floor(duration.TotalHours))
        {
            return Format(MailText.DurationHours, (int)duration.TotalHours);
        }

        var minutes = Math.Max(1, (int)Math.Ceiling(duration.TotalMinutes));
        return minutes == 1 ? Text(MailText.DurationOneMinute) : Format(MailText.DurationMinutes, minutes);
    }

    private string Format(string name, int value) => string.Format(CultureInfo.CurrentUICulture, Text(name), value);

    /// <summary>A missing string throws rather than show its key to a member.</summary>
    private string Text(string name)
    {
        var value = text[name];
        return value.ResourceNotFound
            ? throw new InvalidOperationException($"Duration text '{name}' is missing ({CultureInfo.CurrentUICulture.Name}).")
            : value.Value;
    }
}
