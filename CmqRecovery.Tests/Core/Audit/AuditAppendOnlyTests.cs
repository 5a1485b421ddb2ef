using System.Text.RegularExpressions;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Audit;

/// <summary>
/// The audit is append-only: no statement in the app's code (Core and Web, migrations aside) updates, removes or
/// deletes an audit row, except retention's. A source scan, statement by statement: any statement that names the audit
/// rows (AuditEvents, AuditEvent) and an EF or SQL change of rows (ExecuteUpdate/ExecuteDelete, Remove, Update, Attach,
/// Delete…, EntityState.Modified/Deleted, UPDATE/DELETE) is a path that changes the audit. Its limit: a generic helper
/// that receives the audit's set from elsewhere is only seen where it is called (as retention's DeleteAsync is).
/// </summary>
public sealed partial class AuditAppendOnlyTests
{
    private const string Retention = "CmqRecovery.Core/Operations/PurgeExpiredData.cs";

    [Fact]
    public void Sources_OutsideRetention_NeverUpdateOrDeleteAnAuditRow()
    {
        var found = Changes().Where(c => c.File != Retention).Select(c => $"{c.File}: {c.Statement}").ToList();

        Assert.Empty(found);
    }

    [Fact]
    public void Scan_RetentionAndPlantedPaths_AreFound()
    {
        // The scan itself can fail: it sees retention's delete, and each way of changing a row written into a file.
        Assert.Contains(Changes(), c => c.File == Retention);
        string[] planted =
        [
            "await db.AuditEvents.Where(e => e.Id == id).ExecuteDeleteAsync(ct);",
            "await db.AuditEvents\n    .Where(e => e.MemberId == id)\n    .ExecuteUpdateAsync(s => s.SetProperty(e => e.StaffId, \"x\"), ct);",
            "db.AuditEvents.Remove(row);",
            "db.Set<AuditEvent>().Update(row);",
            "db.Entry((AuditEvent)row).State = EntityState.Deleted;",
            "await db.Database.ExecuteSqlRawAsync(\"DELETE FROM \\\"AuditEvents\\\"\");",
        ];
        Assert.All(planted, code => Assert.Single(ChangesIn(code)));
        Assert.Empty(ChangesIn("db.AuditEvents.Add(new AuditEvent { Kind = kind }); // never removed"));
    }

    private static IEnumerable<(string File, string Statement)> Changes() =>
        from folder in new[] { "CmqRecovery.Core", "CmqRecovery.Web" }
        from path in Directory.EnumerateFiles(Repository.PathOf(folder), "*.*", SearchOption.AllDirectories)
        where path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal)
        let file = Path.GetRelativePath(Repository.Root, path).Replace('\\', '/')
        where !file.Contains("/Migrations/", StringComparison.Ordinal) && !file.Contains("/bin/", StringComparison.Ordinal)
            && !file.Contains("/obj/", StringComparison.Ordinal)
        from statement in ChangesIn(File.ReadAllText(path))
        select (file, statement);

    private static IEnumerable<string> ChangesIn(string code) =>
        LineComment().Replace(code, string.Empty).Split(';')
            .Where(statement => NamesTheAudit().IsMatch(statement) && ChangesRows().IsMatch(statement))
            .Select(statement => Regex.Replace(statement.Trim(), @"\s+", " "));

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\bAuditEvents?\b")]
    private static partial Regex NamesTheAudit();

    [GeneratedRegex(@"\b(Execute(Update|Delete)\w*|Remove\w*|Update\w*|Attach\w*|Delete\w*)\s*\(|EntityState\.(Modified|Deleted)|\b(UPDATE|DELETE)\b")]
    private static partial Regex ChangesRows();
}
