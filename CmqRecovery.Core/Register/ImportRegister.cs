using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Register;

public sealed record ImportRequest(RegisterContent Content, bool DryRun = false, bool DeactivateMissing = false);

/// <summary>One member the import adds, changes or deactivates, and what changes (for the dry run's listing).</summary>
public sealed record ImportChange(string UserCode, string DisplayName, string What);

public sealed record ImportReport(
    IReadOnlyList<ImportChange> Added,
    IReadOnlyList<ImportChange> Changed,
    IReadOnlyList<ImportChange> Deactivated,
    int Unchanged,
    IReadOnlyList<RegisterError> Errors)
{
    public int Written => Added.Count + Changed.Count + Deactivated.Count;
}

/// <summary>
/// Upserts the register by user code. Every line is checked first, against the file and against the database (an
/// email that belongs to another member); any error and nothing is written. Then the changes are written in batches
/// of Register:ImportBatchSize, each a short transaction, so the nodes keep serving: a batch holds its row locks only
/// while it commits. A batch recomputes its changes from the rows it reads, so an interrupted import finishes by
/// running it again, and a second run of the same file writes nothing.
/// </summary>
public sealed class ImportRegister(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IRecoveryLinks links,
    IOptions<RegisterOptions> options,
    TimeProvider time)
{
    private sealed record Known(string UserCode, string NormalizedEmail, string Email, string DisplayName, bool Active);

    private sealed record Work(RegisterRow? Row, string UserCode);

    public async Task<UseCaseResult<ImportReport>> ExecuteAsync(
        ImportRequest request, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var rows = request.Content.Rows;
        Dictionary<string, Known> byCode;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            byCode = await db.Members.AsNoTracking()
                .Select(m => new Known(m.UserCode, m.NormalizedEmail, m.Email, m.DisplayName, m.DeactivatedAt == null))
                .ToDictionaryAsync(m => m.UserCode, StringComparer.Ordinal, cancellationToken);
        }

        var byEmail = byCode.Values.ToDictionary(m => m.NormalizedEmail, StringComparer.Ordinal);
        var errors = request.Content.Errors.ToList();
        List<ImportChange> added = [], changed = [], deactivated = [];
        var unchanged = 0;
        foreach (var row in rows)
        {
            if (byEmail.TryGetValue(row.NormalizedEmail, out var holder) && holder.UserCode != row.UserCode)
            {
                errors.Add(new(row.Line, $"email {row.Email} belongs to member {holder.UserCode}"));
                continue;
            }

            if (!byCode.TryGetValue(row.UserCode, out var known))
            {
                added.Add(new(row.UserCode, row.DisplayName, "new"));
            }
            else if (Differences(known, row) is { Length: > 0 } what)
            {
                changed.Add(new(row.UserCode, row.DisplayName, what));
            }
            else
            {
                unchanged++;
            }
        }

        if (request.DeactivateMissing)
        {
            var listed = rows.Select(r => r.UserCode).ToHashSet(StringComparer.Ordinal);
            deactivated.AddRange(byCode.Values.Where(m => m.Active && !listed.Contains(m.UserCode))
                .OrderBy(m => m.UserCode, StringComparer.Ordinal)
                .Select(m => new ImportChange(m.UserCode, m.DisplayName, "not in the register")));
        }

        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        var report = new ImportReport(added, changed, deactivated, unchanged, errors);
        if (errors.Count > 0)
        {
            return UseCaseResult<ImportReport>.Refuse(Outcome.InvalidRegister, report);
        }

        if (!request.DryRun)
        {
            var rowsByCode = rows.ToDictionary(r => r.UserCode, StringComparer.Ordinal);
            var work = added.Concat(changed).Select(c => new Work(rowsByCode[c.UserCode], c.UserCode))
                .Concat(deactivated.Select(c => new Work(null, c.UserCode)))
                .ToList();
            var done = 0;
            foreach (var batch in work.Chunk(Math.Max(1, options.Value.ImportBatchSize)))
            {
                await WriteAsync(batch, cancellationToken);
                done += batch.Length;
                progress?.Report(done);
            }

            if (work.Count > 0)
            {
                outbox.Wake();
            }
        }

        return UseCaseResult<ImportReport>.Pass(report);
    }

    private static string Differences(Known known, RegisterRow row)
    {
        List<string> what = [];
        if (known.DisplayName != row.DisplayName)
        {
            what.Add("name");
        }

        if (known.Email != row.Email)
        {
            what.Add("email");
        }

        if (!known.Active)
        {
            what.Add("reactivated");
        }

        return string.Join(", ", what);
    }

    private async Task WriteAsync(Work[] batch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var codes = batch.Select(w => w.UserCode).ToList();

        // The notices are protected before the transaction: a new Data Protection key is written from another connection.
        var current = await db.Members.AsNoTracking().Where(m => codes.Contains(m.UserCode))
            .ToDictionaryAsync(m => m.UserCode, StringComparer.Ordinal, cancellationToken);
        var notices = new Dictionary<Guid, OutboxMessage[]>();
        foreach (var (row, code) in batch)
        {
            if (row is not null && current.TryGetValue(code, out var member) && member.NormalizedEmail != row.NormalizedEmail)
            {
                var content = mails.EmailChanged(row.DisplayName, member.Email, row.Email, links.SignIn);
                notices[member.Id] =
                [
                    outbox.Prepare(MailKinds.EmailChanged, member.Email, content, member.Id),
                    outbox.Prepare(MailKinds.EmailChanged, row.Email, content, member.Id),
                ];
            }
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var members = await db.Members.Where(m => codes.Contains(m.UserCode))
                .ToDictionaryAsync(m => m.UserCode, StringComparer.Ordinal, ct);
            var nextOrdinal = (await db.Members.MaxAsync(m => (int?)m.Ordinal, ct) ?? 0) + 1;
            List<Guid> closeLinks = [];
            foreach (var (row, code) in batch)
            {
                members.TryGetValue(code, out var member);
                if (row is null)
                {
                    if (member is { DeactivatedAt: null })
                    {
                        // Older sign-in cookies stop working, and no mailed link opens any more.
                        member.DeactivatedAt = now;
                        member.SecurityStamp = Guid.NewGuid().ToString("N");
                        member.UpdatedAt = now;
                        closeLinks.Add(member.Id);
                        await audit.AddAsync(db, AuditKind.MemberDeactivated, member.Id, null, ct);
                    }

                    continue;
                }

                if (member is null)
                {
                    member = NewMember(row, now, nextOrdinal++);
                    db.Members.Add(member);
                    await audit.AddAsync(db, AuditKind.MemberAdded, member.Id, null, ct);
                    continue;
                }

                var emailChanged = member.NormalizedEmail != row.NormalizedEmail;
                if (member.DisplayName == row.DisplayName && member.Email == row.Email && member.DeactivatedAt is null)
                {
                    continue; // already written (a rerun after an interruption)
                }

                member.DisplayName = row.DisplayName;
                member.Email = row.Email;
                member.NormalizedEmail = row.NormalizedEmail;
                member.DeactivatedAt = null;
                member.UpdatedAt = now;
                if (emailChanged)
                {
                    // A link mailed to the old address no longer proves the mailbox.
                    closeLinks.Add(member.Id);
                    db.OutboxMessages.AddRange(notices.GetValueOrDefault(member.Id) ?? []);
                }

                await audit.AddAsync(db, AuditKind.MemberChanged, member.Id, null, ct);
            }

            await db.RecoveryRequests.Where(r => closeLinks.Contains(r.MemberId) && r.ConsumedAt == null && r.SupersededAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.SupersededAt, now), ct);
            await db.Set<Invitation>().Where(i => closeLinks.Contains(i.MemberId) && i.ConsumedAt == null && i.SupersededAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.SupersededAt, now), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    private static Member NewMember(RegisterRow row, DateTimeOffset now, int ordinal) => new()
    {
        Id = Guid.NewGuid(),
        DisplayName = row.DisplayName,
        Kind = row.Kind,
        UserCode = row.UserCode,
        Email = row.Email,
        NormalizedEmail = row.NormalizedEmail,
        PasswordHash = null, // set at activation, through the invitation
        SecurityStamp = Guid.NewGuid().ToString("N"),
        Ordinal = ordinal,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
