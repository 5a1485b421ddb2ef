using System.Data.Common;
using System.Globalization;
using System.Text;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// Every row of every table the model maps, as text: two equal snapshots mean nothing was written in between
/// (no counter, no audit, no spent captcha), whatever columns the entities have. <c>withRateLimitWindows: false</c>
/// leaves out the per-IP windows, for an attempt refused after its per-IP permit was rightly spent (busy KDF).
/// </summary>
public static class DatabaseSnapshot
{
    public static async Task<string> TakeAsync(RecoveryDbContext db, bool withRateLimitWindows = true)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var text = new StringBuilder();
        var skipped = withRateLimitWindows ? null : db.Model.FindEntityType(typeof(CmqRecovery.Core.Throttling.RateLimitWindow))?.GetTableName();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Where(t => t != skipped).Order())
        {
            text.Append("## ").AppendLine(table);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(Row(reader));
            }

            rows.Sort(StringComparer.Ordinal);
            rows.ForEach(row => text.AppendLine(row));
        }

        return text.ToString();
    }

    public static async Task<string> TakeAsync(this CoreTestHost host, bool withRateLimitWindows = true)
    {
        await using var db = host.NewDbContext();
        return await TakeAsync(db, withRateLimitWindows);
    }

    private static string Row(DbDataReader reader) => string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i =>
        reader.IsDBNull(i) ? "null" : reader.GetValue(i) switch
        {
            byte[] bytes => Convert.ToHexString(bytes),
            IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
            var value => value.ToString(),
        }));
}
