using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Account;

/// <summary>One line of « Activité récente »: what happened (the audit's kind), when, and how many times in a row (failures are grouped).</summary>
public sealed record ActivityEntry(AuditKind Kind, DateTimeOffset At, int Count);

/// <summary>
/// The member's own audit over Account:ActivityPeriod (30 days): sign-ins, failed sign-ins (consecutive ones as one
/// line), recoveries started and completed, password and question changes, mail sent. Kinds and instants only: the
/// audit holds nothing secret, and no IP (only its keyed hash, never shown).
/// </summary>
public sealed class ReadRecentActivity(IDbContextFactory<RecoveryDbContext> dbFactory, IOptions<AccountOptions> options, TimeProvider time)
{
    public const int MaxEntries = 50;

    private static readonly AuditKind[] Shown =
    [
        AuditKind.SignInSucceeded, AuditKind.SignInFailed, AuditKind.SignInLockedOut, AuditKind.CurrentPasswordFailed,
        AuditKind.Identified, AuditKind.PasswordChanged, AuditKind.QuestionsChanged, AuditKind.MailSent, AuditKind.SessionsEnded,
    ];

    public async Task<IReadOnlyList<ActivityEntry>> ExecuteAsync(Guid memberId, CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - options.Value.ActivityPeriod;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.MemberId == memberId && e.At >= since && Shown.Contains(e.Kind))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new { e.Kind, e.At })
            .Take(MaxEntries * 10)
            .ToListAsync(cancellationToken);
        var entries = new List<ActivityEntry>();
        foreach (var each in events)
        {
            var kind = each.Kind == AuditKind.CurrentPasswordFailed ? AuditKind.SignInFailed : each.Kind;
            if (kind == AuditKind.SignInFailed && entries is [.., { Kind: AuditKind.SignInFailed } last])
            {
                entries[^1] = last with { Count = last.Count + 1 };
                continue;
            }

            entries.Add(new ActivityEntry(kind, each.At, 1));
        }

        return entries.Take(MaxEntries).ToList();
    }
}
