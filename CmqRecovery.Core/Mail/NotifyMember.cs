using CmqRecovery.Core.Data;
using CmqRecovery.Core.Limits;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// Queues a <see cref="MemberNotice"/> through the outbox, at most one of each kind per member per
/// <see cref="RecoveryOptions.NoticeInterval"/> (an atomic claim, so parallel failures cannot send two).
/// </summary>
public sealed class NotifyMember(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    AttemptLimiter limiter,
    MailOutbox outbox,
    RecoveryMails mails,
    IOptions<RecoveryOptions> recovery,
    IOptions<SignInOptions> signIn,
    IRecoveryLinks links)
{
    public async Task ExecuteAsync(Guid memberId, MemberNotice notice)
    {
        // Not the request's token: once the failure that earns the notice is counted, a dropped request must not lose it.
        var cancellationToken = CancellationToken.None;
        if (!await limiter.TryClaimAsync($"n:{notice}:{memberId:N}", recovery.Value.NoticeInterval, cancellationToken))
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.Members.AsNoTracking()
            .Where(m => m.Id == memberId).Select(m => new { m.DisplayName, m.Email })
            .SingleAsync(cancellationToken);
        var r = recovery.Value;
        var s = signIn.Value;
        var figures = new RecoveryMails.NoticeFigures(
            s.CaptchaAfterFailures, s.LockAfterFailures, s.FailureWindow, s.LockDuration,
            r.SuspensionDuration, links.SignIn, links.Recovery);
        outbox.Enqueue(db, MailKinds.Notice(notice), member.Email, mails.Notice(notice, member.DisplayName, figures), memberId);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Wake();
    }
}
