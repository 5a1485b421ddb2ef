using System.Globalization;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Staff;

namespace CmqRecovery.Web.Staff;

/// <summary>The audit search's filters as the page and the export post them: days are Montréal days, the end day included.</summary>
public static class StaffAuditFilters
{
    public static bool TryRead(string? member, string? staffId, string? kind, string? from, string? to, out AuditQuery query)
    {
        query = new AuditQuery(null, null, null, null, null);
        AuditKind? wanted = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<AuditKind>(kind, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(kind, out _))
            {
                return false;
            }

            wanted = parsed;
        }

        if (!TryDay(from, out var start) || !TryDay(to, out var end))
        {
            return false;
        }

        query = new AuditQuery(member, staffId, wanted, start is { } s ? StartOf(s) : null, end is { } e ? StartOf(e.AddDays(1)) : null);
        return true;
    }

    public static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return TimeZoneInfo.TryFindSystemTimeZoneById("America/Toronto", out var zone)
            ? new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime()
            : new DateTimeOffset(midnight, TimeSpan.Zero);
    }

    private static bool TryDay(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            day = parsed;
            return true;
        }

        return false;
    }
}
