using System.Collections.Concurrent;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// Queues a <see cref="MemberNotice"/> through the outbox, at most one of each kind per member per
/// <see cref="RecoveryOptions.NoticeInterval"/> (an atomic claim, so parallel failures cannot send two). A notice that
/// a stranger's failures can cause and that keeps the member out (<see cref="CarriesWayBack"/>) also carries a
/// single-use link to procedure step 7: the member's mailbox is always a way back in.
/// </summary>
public sealed class NotifyMember(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    AttemptLimiter limiter,
    MailOutbox outbox,
    RecoveryMails mails,
    IOptions<RecoveryOptions> recovery,
    IOptions<SignInOptions> signIn,
    IRecoveryLinks links,
    TimeProvider time,
    ILogger<NotifyMember>? logger = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Task, byte> _pending = new();

    /// <summary>The notices whose mail carries a way-back link: those that say the member cannot get in today.</summary>
    public static bool CarriesWayBack(MemberNotice notice) => notice is MemberNotice.RecoverySuspended or MemberNotice.SignInLocked;

    /// <summary>
    /// The request path's call, the same for a member and an unknown identifier (<paramref name="memberId"/> null):
    /// the claim, the encryption and the writes run after the response, off the request path, so the failure that
    /// earns a notice costs the same whoever the identifier belongs to. A crash in the moment between this call and
    /// the write loses that one notice (the failure was already counted, as before).
    /// </summary>
    public void Post(Guid? memberId, MemberNotice notice)
    {
        // Without the request's execution context: the work outlives the request and carries none of its state.
        Task work;
        using (ExecutionContext.SuppressFlow())
        {
            work = Task.Run(() => memberId is { } id ? ExecuteAsync(id, notice) : Task.CompletedTask);
        }

        _pending.TryAdd(work, 0);
        _ = work.ContinueWith(done =>
        {
            _pending.TryRemove(done, out _);
            if (done.Exception is { } exception)
            {
                // The member is not named: the row's id is enough for staff to find it in the audit.
                logger?.LogError(exception.GetBaseException(), "Queuing a {Notice} notice failed.", notice);
            }
        }, TaskScheduler.Default);
    }

    /// <summary>Every posted notice written (or failed): for shutdown, and for tests that look at the outbox.</summary>
    public async Task WhenIdleAsync()
    {
        while (!_pending.IsEmpty)
        {
            await Task.WhenAll(_pending.Keys);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await WhenIdleAsync();
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // Already logged by its continuation; shutting down goes on.
        }
    }

    public async Task ExecuteAsync(Guid memberId, MemberNotice notice)
    {
        // Not the request's token: once the failure that earns the notice is counted, a dropped request must not lose it.
        var cancellationToken = CancellationToken.None;
        if (!await limiter.TryClaimAsync(CounterKeys.NoticeClaim(notice, memberId), recovery.Value.NoticeInterval, cancellationToken))
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.Members.AsNoTracking()
            .Where(m => m.Id == memberId).Select(m => new { m.DisplayName, m.Email })
            .SingleAsync(cancellationToken);
        var r = recovery.Value;
        var s = signIn.Value;

        // The way back is a reset request like ConfirmEmail's (same id, token, hash and checks, the same /reinitialisation
        // page), only longer-lived. It supersedes nothing, so a stranger's failures never void a link the member is
        // using; a reset link the member asks for later supersedes it, and setting a password consumes it.
        Uri? wayBack = null;
        if (CarriesWayBack(notice))
        {
            var (request, token) = RecoveryTokens.NewRequest(memberId, time.GetUtcNow(), r.NoticeLinkLifetime);
            db.RecoveryRequests.Add(request);
            wayBack = links.ResetLink(request.Id, token);
        }

        var figures = new RecoveryMails.NoticeFigures(
            s.CaptchaAfterFailures, s.LockAfterFailures, s.FailureWindow, s.LockDuration,
            r.SuspensionDuration, links.SignIn, links.Recovery, wayBack, r.NoticeLinkLifetime);
        outbox.Enqueue(db, MailKinds.Notice(notice), member.Email, mails.Notice(notice, member.DisplayName, figures), memberId);
        // One SaveChanges: the link and the mail that carries it commit together or not at all.
        await db.SaveChangesAsync(cancellationToken);
        outbox.Wake();
    }
}
