using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// What a supervisor searches the audit by: a member (exact user code or email, deactivated members too), a staff
/// identity (exact), a kind, a period [From, To). Every filter is optional; none at all is the whole audit, newest first.
/// </summary>
public sealed record AuditQuery(string? Member, string? StaffId, AuditKind? Kind, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>One audit row as the console shows and exports it: never the IP's keyed hash.</summary>
public sealed record AuditRow(long Id, DateTimeOffset At, AuditKind Kind, string? MemberCode, string? StaffId, string? StaffReason);

/// <summary>One page of rows, newest first, and whether an older page follows.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Page, bool HasMore);

/// <summary>
/// The audit search: filters as <see cref="AuditQuery"/>, server-side pages of <see cref="PageSize"/> rows (newest
/// first); the page number is bounded, so no request asks the database for an unbounded offset.
/// </summary>
public sealed class SearchAudit(IDbContextFactory<RecoveryDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>The last page a request may ask for; narrow the filters (or export) to see older rows.</summary>
    public const int MaxPage = 200;

    public async Task<UseCaseResult<AuditPage>> ExecuteAsync(AuditQuery query, int page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        page = Math.Clamp(page, 0, MaxPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (rows, refusal) = await FilterAsync(db, query, cancellationToken);
        if (refusal is { } outcome)
        {
            return UseCaseResult<AuditPage>.Refuse(outcome);
        }

        var found = await Project(db, rows!).Skip(page * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        return UseCaseResult<AuditPage>.Pass(new AuditPage(found.Take(PageSize).ToList(), page, found.Count > PageSize));
    }

    /// <summary>The filtered rows, newest first, or why the filters are refused (a malformed member, a period backwards).</summary>
    internal static async Task<(IQueryable<AuditEvent>? Rows, Outcome? Refusal)> FilterAsync(
        RecoveryDbContext db, AuditQuery query, CancellationToken cancellationToken)
    {
        if (query.Kind is { } kind && !Enum.IsDefined(kind))
        {
            return (null, Outcome.NothingGiven);
        }

        if (query.From is { } from && query.To is { } to && to <= from)
        {
            return (null, Outcome.PeriodInvalid);
        }

        var rows = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Member))
        {
            var target = StaffMemberIdentifier.Parse(query.Member);
            if (target.Refusal is { } refusal)
            {
                return (null, refusal);
            }

            // Deactivated members too: their history is what an audit search is for.
            var memberId = await db.Members.AsNoTracking()
                .Where(m => target.NormalizedEmail != null ? m.NormalizedEmail == target.NormalizedEmail : m.UserCode == target.Code)
                .Select(m => (Guid?)m.Id).SingleOrDefaultAsync(cancellationToken);
            if (memberId is null)
            {
                return (null, Outcome.UnknownMember);
            }

            rows = rows.Where(e => e.MemberId == memberId);
        }

        if (!string.IsNullOrWhiteSpace(query.StaffId))
        {
            var staffId = query.StaffId.Trim();
            rows = rows.Where(e => e.StaffId == staffId);
        }

        if (query.Kind is { } wanted)
        {
            rows = rows.Where(e => e.Kind == wanted);
        }

        if (query.From is { } start)
        {
            rows = rows.Where(e => e.At >= start);
        }

        if (query.To is { } end)
        {
            rows = rows.Where(e => e.At < end);
        }

        return (rows.OrderByDescending(e => e.Id), null);
    }

    internal static IQueryable<AuditRow> Project(RecoveryDbContext db, IQueryable<AuditEvent> rows) =>
        from e in rows
        join m in db.Members on e.MemberId equals m.Id into members
        from m in members.DefaultIfEmpty()
        select new AuditRow(e.Id, e.At, e.Kind, m == null ? null : m.UserCode, e.StaffId, e.StaffReason);
}
