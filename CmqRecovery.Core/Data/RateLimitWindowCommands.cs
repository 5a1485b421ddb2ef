using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Data;

/// <summary>
/// The fixed window's one statement, the same text on SQLite (3.35 and later) and PostgreSQL: insert the window, or
/// on conflict count into it, only while the new total stays within the limit (or the old window has ended, and then
/// a fresh one starts). One statement, so two nodes acquiring at once are serialised by the database on the row and
/// never hand out more than the limit between them. Refused: no row comes back and nothing is written.
/// </summary>
internal static class RateLimitWindowCommands
{
    // {0} key, {1} permits, {2} the new window's end, {3} now, {4} the limit.
    private const string AcquireSql = """
        INSERT INTO "RateLimitWindows" ("Key", "Acquired", "ResetsAt") VALUES ({0}, {1}, {2})
        ON CONFLICT ("Key") DO UPDATE SET
            "Acquired" = CASE WHEN "RateLimitWindows"."ResetsAt" <= {3} THEN excluded."Acquired"
                ELSE "RateLimitWindows"."Acquired" + excluded."Acquired" END,
            "ResetsAt" = CASE WHEN "RateLimitWindows"."ResetsAt" <= {3} THEN excluded."ResetsAt"
                ELSE "RateLimitWindows"."ResetsAt" END
        WHERE "RateLimitWindows"."ResetsAt" <= {3} OR "RateLimitWindows"."Acquired" + excluded."Acquired" <= {4}
        RETURNING "Key", "Acquired", "ResetsAt"
        """;

    /// <summary>The window after counting <paramref name="permits"/> into it; null when they did not fit (nothing written).</summary>
    public static async Task<RateLimitWindow?> TryAcquireAsync(
        RecoveryDbContext db, string key, int permits, int limit, DateTimeOffset now, DateTimeOffset resetsAt, CancellationToken cancellationToken)
    {
        // Raw SQL parameters skip the model's conversions: store instants as the column does (SQLite: orderable integers).
        var converter = db.Model.FindEntityType(typeof(RateLimitWindow))!
            .FindProperty(nameof(RateLimitWindow.ResetsAt))!.GetTypeMapping().Converter;
        object Instant(DateTimeOffset value) => converter?.ConvertToProvider(value) ?? value;

        var rows = await db.RateLimitWindows
            .FromSqlRaw(AcquireSql, key, permits, Instant(resetsAt), Instant(now), limit)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }
}
