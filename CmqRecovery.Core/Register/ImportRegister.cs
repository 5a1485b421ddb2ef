using System.Security.Cryptography;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Register;

public sealed record ImportRequest(RegisterSource Source, bool DryRun = false, bool DeactivateMissing = false);

public enum ImportChangeKind
{
    Added,
    Changed,
    Deactivated,
}

/// <summary>One member the import adds, changes or deactivates, and what changes (for the dry run's listing).</summary>
public sealed record ImportChange(ImportChangeKind Kind, string UserCode, string DisplayName, string What);

/// <summary>Counts only: the changes themselves go to the listener as they are found, so the report stays small.</summary>
public sealed record ImportReport(int Lines, int Added, int Changed, int Deactivated, int Unchanged, IReadOnlyList<RegisterError> Errors)
{
    public int Written => Added + Changed + Deactivated;
}

/// <summary>
/// Upserts the register by user code, in two passes over the file. The first checks every line, against the file and
/// against the database (an email that belongs to another member), one batch of Register:ImportBatchSize lines per
/// query; any error and nothing is written. The second reads the file again (it must be the same bytes) and writes
/// the changes in batches, each a short transaction, so the nodes keep serving: a batch holds its row locks only while
/// it commits. A batch recomputes its changes from the rows it reads, so an interrupted import finishes by running it
/// again, and a second run of the same file writes nothing. Neither pass keeps rows. The first keeps the file's codes
/// and emails (for duplicates, about 200 bytes a line); with --deactivate-missing the codes stay until the end. The
/// second keeps nothing that grows with the file: each batch has its own context, dropped after its commit.
/// </summary>
public sealed class ImportRegister(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    RegisterRunLock runLock,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IRecoveryLinks links,
    IOptions<RegisterOptions> options,
    TimeProvider time)
{
    private sealed record Known(string UserCode, string NormalizedEmail, string Email, string DisplayName, bool Active);

    private int BatchSize => Math.Max(1, options.Value.ImportBatchSize);

    /// <summary>
    /// Tests only: awaited with the run lock held, after the file is checked and before anything is written, the
    /// window in which a second import would hand out the same ordinals.
    /// </summary>
    internal Func<CancellationToken, Task>? AfterChecking { get; set; }

    /// <param name="listing">Each change as it is found (dry run) or written.</param>
    /// <param name="progress">Lines written so far (second pass).</param>
    public async Task<UseCaseResult<ImportReport>> ExecuteAsync(
        ImportRequest request, IProgress<int>? progress = null, Action<ImportChange>? listing = null, CancellationToken cancellationToken = default)
    {
        // One register run at a time, all nodes and processes: two imports would hand out the same ordinals.
        await using var held = await runLock.AcquireAsync(cancellationToken);
        var (report, digest, codes) = await CheckAsync(request, cancellationToken);
        if (report.Errors.Count > 0)
        {
            return UseCaseResult<ImportReport>.Refuse(Outcome.InvalidRegister, report);
        }

        if (request.DryRun)
        {
            await ListAsync(request, codes, listing, cancellationToken);
            return UseCaseResult<ImportReport>.Pass(report);
        }

        if (AfterChecking is { } pause)
        {
            await pause(cancellationToken);
        }

        await WriteAllAsync(request, digest, codes, progress, listing, cancellationToken);
        if (report.Written > 0)
        {
            outbox.Wake();
        }

        return UseCaseResult<ImportReport>.Pass(report);
    }

    /// <summary>The first pass: every error, and what a write would do; the file's digest and codes.</summary>
    private async Task<(ImportReport Report, byte[] Digest, HashSet<string> Codes)> CheckAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<RegisterError>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        int lines = 0, added = 0, changed = 0, unchanged = 0;
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var stream = request.Source.Open())
        {
            foreach (var batch in RegisterFile.Rows(stream, errors, digest).Chunk(BatchSize))
            {
                var known = await KnownAsync(batch, cancellationToken);
                foreach (var row in batch)
                {
                    lines++;
                    if (request.DeactivateMissing)
                    {
                        codes.Add(row.UserCode); // kept only when needed: the file's one set that grows with it
                    }

                    var before = errors.Count;
                    switch (Classify(row, known, errors))
                    {
                        case ImportChangeKind.Added:
                            added++;
                            break;
                        case ImportChangeKind.Changed:
                            changed++;
                            break;
                        case null when errors.Count == before:
                            unchanged++;
                            break;
                    }
                }
            }
        }

        var deactivated = request.DeactivateMissing ? (await MissingAsync(codes, cancellationToken)).Count : 0;
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return (new ImportReport(lines, added, changed, deactivated, unchanged, errors), digest.GetHashAndReset(), codes);
    }

    /// <summary>The members a batch of lines touches: by code, and by email (an email held by another member).</summary>
    private async Task<Known[]> KnownAsync(RegisterRow[] batch, CancellationToken cancellationToken)
    {
        var codes = batch.Select(r => r.UserCode).ToList();
        var emails = batch.Select(r => r.NormalizedEmail).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Members.AsNoTracking()
            .Where(m => codes.Contains(m.UserCode) || emails.Contains(m.NormalizedEmail))
            .Select(m => new Known(m.UserCode, m.NormalizedEmail, m.Email, m.DisplayName, m.DeactivatedAt == null))
            .ToArrayAsync(cancellationToken);
    }

    private static ImportChangeKind? Classify(RegisterRow row, Known[] known, List<RegisterError> errors) =>
        Classify(row, known, errors, out _);

    private static ImportChangeKind? Classify(RegisterRow row, Known[] known, List<RegisterError> errors, out string what)
    {
        what = string.Empty;
        if (known.FirstOrDefault(k => k.NormalizedEmail == row.NormalizedEmail && k.UserCode != row.UserCode) is { } holder)
        {
            errors.Add(new(row.Line, $"email {row.Email} belongs to member {holder.UserCode}"));
            return null;
        }

        if (known.FirstOrDefault(k => k.UserCode == row.UserCode) is not { } member)
        {
            what = "new";
            return ImportChangeKind.Added;
        }

        what = Differences(member, row);
        return what.Length > 0 ? ImportChangeKind.Changed : null;
    }

    /// <summary>Active members whose code is not in the file, in code order.</summary>
    private async Task<List<(string UserCode, string DisplayName)>> MissingAsync(HashSet<string> listed, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var missing = new List<(string, string)>();
        await foreach (var member in db.Members.AsNoTracking().Where(m => m.DeactivatedAt == null)
                           .OrderBy(m => m.UserCode).Select(m => new { m.UserCode, m.DisplayName })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!listed.Contains(member.UserCode))
            {
                missing.Add((member.UserCode, member.DisplayName));
            }
        }

        return missing;
    }

    /// <summary>The dry run's second pass: each change, in file order, then the deactivations.</summary>
    private async Task ListAsync(ImportRequest request, HashSet<string> codes, Action<ImportChange>? listing, CancellationToken cancellationToken)
    {
        if (listing is null)
        {
            return;
        }

        var errors = new List<RegisterError>();
        await using (var stream = request.Source.Open())
        {
            foreach (var batch in RegisterFile.Rows(stream, errors).Chunk(BatchSize))
            {
                var known = await KnownAsync(batch, cancellationToken);
                foreach (var row in batch)
                {
                    if (Classify(row, known, errors, out var what) is { } kind)
                    {
                        listing(new(kind, row.UserCode, row.DisplayName, what));
                    }
                }
            }
        }

        if (request.DeactivateMissing)
        {
            foreach (var (code, name) in await MissingAsync(codes, cancellationToken))
            {
                listing(new(ImportChangeKind.Deactivated, code, name, "not in the register"));
            }
        }
    }

    /// <summary>The second pass: the same file again, written batch by batch, then the deactivations.</summary>
    private async Task WriteAllAsync(
        ImportRequest request, byte[] checkedDigest, HashSet<string> codes, IProgress<int>? progress, Action<ImportChange>? listing,
        CancellationToken cancellationToken)
    {
        var errors = new List<RegisterError>();
        var done = 0;
        await using (var stream = request.Source.Open())
        {
            // Before anything is written: the bytes about to be written are the bytes that were checked. One handle for
            // both (read-only, shared for reading only; a file moved over the path is not this handle's), so the rows
            // need no duplicate check again: the first pass found none in these bytes.
            if (!CryptographicOperations.FixedTimeEquals(await SHA256.HashDataAsync(stream, cancellationToken), checkedDigest))
            {
                throw new RegisterChangedException();
            }

            stream.Seek(0, SeekOrigin.Begin);
            foreach (var batch in RegisterFile.Rows(stream, errors, duplicates: false).Chunk(BatchSize))
            {
                if (errors.Count > 0)
                {
                    throw new RegisterChangedException(); // cannot happen over the same bytes: stop at once all the same
                }

                await WriteAsync([.. batch.Select(r => (Row: (RegisterRow?)r, r.UserCode))], listing, cancellationToken);
                done += batch.Length;
                progress?.Report(done);
            }
        }

        if (errors.Count > 0)
        {
            throw new RegisterChangedException();
        }

        if (request.DeactivateMissing)
        {
            foreach (var batch in (await MissingAsync(codes, cancellationToken)).Chunk(BatchSize))
            {
                await WriteAsync([.. batch.Select(m => ((RegisterRow?)null, m.UserCode))], listing, cancellationToken);
            }
        }
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

    /// <summary>One batch in one transaction: a null row deactivates the member with that code.</summary>
    private async Task WriteAsync((RegisterRow? Row, string UserCode)[] batch, Action<ImportChange>? listing, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Nothing here needs a snapshot per entity: members are compared by hand, every row is new or assigned once.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var codes = batch.Select(w => w.UserCode).ToList();

        // The notices are protected before the transaction: a new Data Protection key is written from another connection.
        var current = await db.Members.AsNoTracking().Where(m => codes.Contains(m.UserCode))
            .Select(m => new Known(m.UserCode, m.NormalizedEmail, m.Email, m.DisplayName, m.DeactivatedAt == null))
            .ToDictionaryAsync(m => m.UserCode, StringComparer.Ordinal, cancellationToken);
        if (batch.All(w => w.Row is not null && current.TryGetValue(w.UserCode, out var known) && Differences(known, w.Row).Length == 0))
        {
            return; // a rerun: nothing in this batch to write, no transaction to open
        }

        var notices = new Dictionary<string, OutboxMessage[]>(StringComparer.Ordinal);
        foreach (var (row, code) in batch)
        {
            if (row is not null && current.TryGetValue(code, out var member) && member.NormalizedEmail != row.NormalizedEmail)
            {
                var content = mails.EmailChanged(row.DisplayName, member.Email, row.Email, links.SignIn);
                notices[code] =
                [
                    outbox.Prepare(MailKinds.EmailChanged, member.Email, content, null),
                    outbox.Prepare(MailKinds.EmailChanged, row.Email, content, null),
                ];
            }
        }

        // Read again, tracked, in the transaction: only the members that exist. A batch of new members reads nothing
        // more: members are added only by an import (and the Development demo seed), and this one holds the run lock;
        // one added meanwhile all the same fails the batch on the unique code, and running the import again finishes.
        var existing = current.Keys.ToList();
        List<ImportChange> written = [];
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            written.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var members = existing.Count == 0
                ? new Dictionary<string, Member>(StringComparer.Ordinal)
                : await db.Members.Where(m => existing.Contains(m.UserCode)).ToDictionaryAsync(m => m.UserCode, StringComparer.Ordinal, ct);
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
                        db.Entry(member).State = EntityState.Modified;
                        closeLinks.Add(member.Id);
                        await audit.AddAsync(db, AuditKind.MemberDeactivated, member.Id, null, ct);
                        written.Add(new(ImportChangeKind.Deactivated, code, member.DisplayName, "not in the register"));
                    }

                    continue;
                }

                if (member is null)
                {
                    member = NewMember(row, now, nextOrdinal++);
                    db.Members.Add(member);
                    await audit.AddAsync(db, AuditKind.MemberAdded, member.Id, null, ct);
                    written.Add(new(ImportChangeKind.Added, code, row.DisplayName, "new"));
                    continue;
                }

                var what = Differences(new(code, member.NormalizedEmail, member.Email, member.DisplayName, member.DeactivatedAt is null), row);
                if (what.Length == 0)
                {
                    continue; // already written (a rerun after an interruption)
                }

                var emailChanged = member.NormalizedEmail != row.NormalizedEmail;
                member.DisplayName = row.DisplayName;
                member.Email = row.Email;
                member.NormalizedEmail = row.NormalizedEmail;
                member.DeactivatedAt = null;
                member.UpdatedAt = now;
                db.Entry(member).State = EntityState.Modified;
                if (emailChanged)
                {
                    // A link mailed to the old address no longer proves the mailbox.
                    closeLinks.Add(member.Id);
                    foreach (var notice in notices.GetValueOrDefault(code) ?? [])
                    {
                        notice.MemberId = member.Id;
                        db.OutboxMessages.Add(notice);
                    }
                }

                await audit.AddAsync(db, AuditKind.MemberChanged, member.Id, null, ct);
                written.Add(new(ImportChangeKind.Changed, code, row.DisplayName, what));
            }

            if (closeLinks.Count > 0)
            {
                await db.RecoveryRequests.Where(r => closeLinks.Contains(r.MemberId) && r.ConsumedAt == null && r.SupersededAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.SupersededAt, now), ct);
                await db.Set<Invitation>().Where(i => closeLinks.Contains(i.MemberId) && i.ConsumedAt == null && i.SupersededAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.SupersededAt, now), ct);
            }

            // Not accepted: the context is dropped after the commit, and a retry starts from a cleared tracker.
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);

        foreach (var change in written)
        {
            listing?.Invoke(change);
        }
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

/// <summary>The register's file changed between the pass that checked it and the pass that writes it.</summary>
public sealed class RegisterChangedException() : InvalidOperationException(
    "the file changed while it was being imported; nothing after the change was written: run the import again");
