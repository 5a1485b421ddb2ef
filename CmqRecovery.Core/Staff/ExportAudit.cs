using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// The audit search's rows as CSV (CsvHelper, RFC 4180, UTF-8 with a byte order mark so a spreadsheet reads the
/// accents), newest first, at most <see cref="MaxRows"/>. A cell that a spreadsheet would run as a formula (starting
/// with = + - @, a tab or a CR) is written as text ('-prefixed: CsvInjection.Escape). The export itself leaves one
/// audit row with the staff identity, written before the file so that an export is never unrecorded.
/// The kind is written twice: its code (<c>kind</c>, stable: what a script filters on) and, last, its words in the
/// supervisor's language (<c>kind_label</c>, given by the console: Core has no texts), for whoever reads the file.
/// </summary>
public sealed class ExportAudit(IDbContextFactory<RecoveryDbContext> dbFactory, TimeProvider time)
{
    public const int MaxRows = 10_000;

    public static readonly string[] Header = ["id", "at_utc", "kind", "member_code", "staff_id", "staff_reason", "kind_label"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
    };

    /// <summary>Checks the filters and records the export; the rows are written by <see cref="WriteAsync"/>.</summary>
    public async Task<UseCaseResult> RecordAsync(AuditQuery query, StaffActor staff, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (_, refusal) = await SearchAudit.FilterAsync(db, query, cancellationToken);
        if (refusal is { } outcome)
        {
            return UseCaseResult.Of(outcome);
        }

        db.AuditEvents.Add(StaffAuditRow.For(AuditKind.StaffAuditExported, null, staff, null, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return UseCaseResult.Of(Outcome.Passed);
    }

    /// <summary>Writes the rows the filters select (after <see cref="RecordAsync"/> passed); <paramref name="kindLabel"/> words each kind.</summary>
    public async Task WriteAsync(AuditQuery query, Func<AuditKind, string> kindLabel, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kindLabel);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (rows, refusal) = await SearchAudit.FilterAsync(db, query, cancellationToken);
        if (refusal is not null)
        {
            throw new InvalidOperationException("The export's filters were refused; RecordAsync refuses them first.");
        }

        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader(Header);
        await foreach (var row in SearchAudit.Project(db, rows!).Take(MaxRows).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            csv.WriteField(row.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            csv.WriteField(row.Kind.ToString());
            csv.WriteField(row.MemberCode);
            csv.WriteField(row.StaffId);
            csv.WriteField(row.StaffReason);
            csv.WriteField(kindLabel(row.Kind));
            await csv.EndRecordAsync(cancellationToken);
        }
    }
}
