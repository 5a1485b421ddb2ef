using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Register;

/// <summary>What one run of members invite did: invitations queued, members still waiting for the next hour's budget.</summary>
public sealed record InviteReport(int Queued, int Waiting, int HourlyLimit);

/// <summary>
/// Queues an invitation (a single-use link, Register:InvitationLifetime) for each active member without a password
/// who has no invitation still valid, at most Register:InvitationsPerHour in any hour (every run counted): a register
/// of 40,000 goes out over hours, and reset links never queue behind it in the outbox. With newOnly, members who were
/// ever invited are left alone. A rerun within a link's life queues nothing new. One run at a time (RegisterRunLock):
/// a second run started meanwhile stops at once, so two runs never mail the same member nor spend the budget twice.
/// </summary>
public sealed class InviteMembers(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    RegisterRunLock runLock,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IActivationLinks links,
    IOptions<RegisterOptions> options,
    TimeProvider time)
{
    private const int BatchSize = 200;

    /// <summary>
    /// Tests only: awaited with the run lock held, after the members to invite are read and before any is queued, the
    /// window in which a second run would pick the same members and count the same budget.
    /// </summary>
    internal Func<CancellationToken, Task>? AfterChoosing { get; set; }

    public async Task<UseCaseResult<InviteReport>> ExecuteAsync(bool newOnly, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        // Held for the whole run: the hour's budget and the members still to invite are read once, then spent.
        await using var held = await runLock.AcquireAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var lastHour = await SpentAsync(db, now, cancellationToken);
        var budget = Math.Max(0, settings.InvitationsPerHour - lastHour);
        var candidates = Candidates(db, newOnly, now);
        var waiting = await candidates.CountAsync(cancellationToken);
        var chosen = await candidates.OrderBy(m => m.Ordinal)
            .Select(m => new { m.Id, m.DisplayName, m.Email })
            .Take(budget)
            .ToListAsync(cancellationToken);
        if (AfterChoosing is { } pause)
        {
            await pause(cancellationToken);
        }

        var queued = 0;
        foreach (var batch in chosen.Chunk(BatchSize))
        {
            // Tokens and protected bodies first: a retried transaction adds the same rows again, made once.
            var prepared = batch.Select(m =>
            {
                var (invitation, token) = Invitation.New(m.Id, now, settings.InvitationLifetime);
                var content = mails.Invitation(m.DisplayName, links.ActivationLink(invitation.Id, token), settings.InvitationLifetime);
                return (invitation, message: outbox.Prepare(MailKinds.Invitation, m.Email, content, m.Id));
            }).ToList();
            var ids = batch.Select(m => m.Id).ToList();
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Older invitations (expired ones, with newOnly off) say "superseded" from now on.
                await SupersedeOpenAsync(db, ids, now, ct);
                foreach (var (invitation, message) in prepared)
                {
                    db.Add(invitation);
                    db.OutboxMessages.Add(message);
                    await audit.AddAsync(db, AuditKind.InvitationQueued, invitation.MemberId, null, ct);
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }, cancellationToken);
            outbox.Wake();
            queued += batch.Length;
            progress?.Report(queued);
        }

        return UseCaseResult<InviteReport>.Pass(new InviteReport(queued, waiting - queued, settings.InvitationsPerHour));
    }

    /// <summary>Invitations created within the budget's window, by any run or by the console (<see cref="Staff.InviteMember"/>).</summary>
    internal static Task<int> SpentAsync(RecoveryDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<Invitation>().CountAsync(i => i.CreatedAt > now - RegisterOptions.InvitationBudgetWindow, cancellationToken);

    internal static Task<int> SupersedeOpenAsync(RecoveryDbContext db, IReadOnlyCollection<Guid> memberIds, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<Invitation>().Where(i => memberIds.Contains(i.MemberId) && i.ConsumedAt == null && i.SupersededAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.SupersededAt, now), cancellationToken);

    private static IQueryable<Member> Candidates(RecoveryDbContext db, bool newOnly, DateTimeOffset now) =>
        db.Members.Where(m => m.DeactivatedAt == null && m.PasswordHash == null
            && !db.Set<Invitation>().Any(i => i.MemberId == m.Id
                && (newOnly || (i.ConsumedAt == null && i.SupersededAt == null && i.ExpiresAt > now))));
}
