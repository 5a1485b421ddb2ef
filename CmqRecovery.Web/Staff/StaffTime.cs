using System.Globalization;
using CmqRecovery.Web.Hosting;

namespace CmqRecovery.Web.Staff;

/// <summary>An instant as the console shows it: Montréal time, in the page's language (as « Mon compte » shows its sessions).</summary>
public static class StaffTime
{
    public static string Format(DateTimeOffset at)
    {
        var local = TimeZoneInfo.TryFindSystemTimeZoneById("America/Toronto", out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at.ToUniversalTime();
        return local.ToString(Cultures.IsEnglish ? "MMMM d, yyyy, h:mm tt" : "d MMMM yyyy, HH 'h' mm", CultureInfo.CurrentCulture);
    }
}
