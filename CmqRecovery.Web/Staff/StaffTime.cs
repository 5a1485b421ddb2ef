using System.Globalization;

namespace CmqRecovery.Web.Staff;

/// <summary>The console's instants: Quebec's local time, compact and the same in both languages (agents compare them with mail logs).</summary>
public static class StaffTime
{
    public static string Format(DateTimeOffset at)
    {
        var local = TimeZoneInfo.TryFindSystemTimeZoneById("America/Toronto", out var zone) ? TimeZoneInfo.ConvertTime(at, zone) : at.ToUniversalTime();
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
