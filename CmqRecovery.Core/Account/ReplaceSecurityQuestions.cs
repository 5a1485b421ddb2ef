using CmqRecovery.Core.Data;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Account;

/// <summary>
/// « Mon compte »: the signed-in member replaces their questions, within the client's per-IP budget for account
/// actions (<see cref="ClientAction.Account"/>, asked first: a refusal reads and writes nothing). Changing how the account is recovered needs a
/// recent password: the sign-in that opened this session is less than Account:RecentPasswordWindow old, or the
/// current password is typed with the answers (checked under the sign-in counters, <see cref="CurrentPasswordCheck"/>).
/// Answers that break the rules are refused before the password is checked, so a typo costs no sign-in failure.
/// Cost: <see cref="SetSecurityQuestions.KdfUnits"/> of the questions, plus one when the password is typed
/// (5 questions: 10, or 11).
/// </summary>
public sealed class ReplaceSecurityQuestions(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    ClientThrottle throttle,
    SecretHasher hasher,
    CurrentPasswordCheck currentPassword,
    SetSecurityQuestions setQuestions,
    IOptions<AccountOptions> options,
    TimeProvider time)
{
    public async Task<UseCaseResult<QuestionsChange>> ExecuteAsync(
        AccountSession session, string? password, IReadOnlyList<QuestionAnswer> answers, ClientContext client,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await throttle.TryAcquireAsync(ClientAction.Account, client, cancellationToken) is { } throttled)
        {
            return UseCaseResult<QuestionsChange>.Wait(throttled);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == session.MemberId, cancellationToken);
            var now = time.GetUtcNow();
            // An open page outlives its session: one ended meanwhile (« Fermer », a password change) acts no more.
            var signedInAt = await db.SignInSessions
                .Where(s => s.Id == session.SessionId && s.MemberId == session.MemberId && s.RevokedAt == null && s.ExpiresAt > now)
                .Select(s => (DateTimeOffset?)s.CreatedAt)
                .SingleOrDefaultAsync(cancellationToken);
            if (signedInAt is null)
            {
                return UseCaseResult<QuestionsChange>.Refuse(Outcome.SessionEnded);
            }

            if (AnswerRules.Evaluate(answers, member.UserCode, member.Email, member.DisplayName).Count == 0
                && signedInAt <= now - options.Value.RecentPasswordWindow)
            {
                if (string.IsNullOrEmpty(password))
                {
                    return UseCaseResult<QuestionsChange>.Refuse(Outcome.PasswordNeeded);
                }

                using var kdf = await hasher.EnterAsync(cancellationToken);
                if (!kdf.Acquired)
                {
                    return UseCaseResult<QuestionsChange>.Wait(Throttled.Busy);
                }

                var checkedPassword = await currentPassword.CheckAsync(db, kdf, member, password, client, cancellationToken);
                if (checkedPassword != Outcome.Passed)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return UseCaseResult<QuestionsChange>.Refuse(checkedPassword);
                }
            }
        }

        // The rules again, and their refusal audited, in the use case an activation page calls too.
        return await setQuestions.ExecuteAsync(session.MemberId, answers, client, progress, cancellationToken);
    }
}
