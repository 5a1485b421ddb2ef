using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Account;

/// <summary>Why the answers were refused (empty when they were stored).</summary>
public sealed record QuestionsChange(IReadOnlyList<AnswerProblem> Problems);

/// <summary>
/// Sets or replaces a member's 3 to 5 questions, for a caller that has already established who the member is (the
/// signed-in member with a recent password, <see cref="ReplaceSecurityQuestions"/>; an invited member's activation).
/// The rules first (<see cref="AnswerRules"/>), nothing written but the audit when they refuse. Then one KDF per pair
/// (<see cref="KdfUnits"/>: 3 for 3 questions, 10 for 5), each in its own slot of the KDF gate so a member saving five
/// questions holds one core for one hash at a time, never for ten, and sign-ins interleave; a refusal by the gate
/// at any point leaves everything as it was. Then, in one transaction: the old questions and pairs replaced, the
/// pairs drawn for the member's recovery subjects forgotten (the next recovery draws from the new questions, and
/// an old draw says nothing about which questions changed), the notice queued and the change audited.
/// </summary>
public sealed class SetSecurityQuestions(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    SecretHasher hasher,
    AnswerPairHasher pairHasher,
    ServerKeys keys,
    MailOutbox outbox,
    RecoveryMails mails,
    AuditTrail audit,
    IRecoveryLinks links,
    TimeProvider time)
{
    /// <summary>KDF evaluations that storing <paramref name="questions"/> questions costs: one per pair.</summary>
    public static int KdfUnits(int questions) => questions * (questions - 1) / 2;

    /// <param name="progress">Told the number of pairs hashed so far, for a progress bar (out of <see cref="KdfUnits"/>).</param>
    public async Task<UseCaseResult<QuestionsChange>> ExecuteAsync(
        Guid memberId, IReadOnlyList<QuestionAnswer> answers, ClientContext client,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answers);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, cancellationToken);
        var problems = AnswerRules.Evaluate(answers, member.UserCode, member.Email, member.DisplayName);
        if (problems.Count > 0)
        {
            await audit.AddAsync(db, AuditKind.QuestionsRefused, member.Id, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<QuestionsChange>.Refuse(Outcome.AnswersRefused, new QuestionsChange(problems));
        }

        var ordered = answers.OrderBy(a => a.QuestionId).ToArray();
        var pairs = new List<AnswerPairHash>(KdfUnits(ordered.Length));
        for (var i = 0; i < ordered.Length; i++)
        {
            for (var j = i + 1; j < ordered.Length; j++)
            {
                using var kdf = await hasher.EnterAsync(cancellationToken);
                if (!kdf.Acquired)
                {
                    return UseCaseResult<QuestionsChange>.Wait(Throttled.Busy);
                }

                var (low, high) = (ordered[i], ordered[j]);
                var secret = AnswerPairSecret.Combine(low.QuestionId, low.Answer, high.QuestionId, high.Answer);
                pairs.Add(new AnswerPairHash
                {
                    MemberId = member.Id,
                    FirstQuestionId = low.QuestionId,
                    SecondQuestionId = high.QuestionId,
                    Hash = pairHasher.Hash(kdf, secret),
                });
                progress?.Report(pairs.Count);
            }
        }

        // Keyed hashes and the mail body (Data Protection) before the transaction: they may write from another connection.
        var none = CancellationToken.None;
        string[] subjects =
        [
            await CounterKeys.IdentifierAsync(keys, IdentifyMember.EmailIdentifier(member.NormalizedEmail), none),
            await CounterKeys.IdentifierAsync(keys, IdentifyMember.CodeIdentifier(member.UserCode), none),
            CounterKeys.Link(member.Id),
        ];
        var now = time.GetUtcNow();
        var notice = outbox.Prepare(MailKinds.QuestionsChanged, member.Email, mails.QuestionsChanged(member.DisplayName, now, links.SignIn), member.Id);

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.AnswerPairHashes.Where(p => p.MemberId == member.Id).ExecuteDeleteAsync(ct);
            await db.MemberQuestions.Where(q => q.MemberId == member.Id).ExecuteDeleteAsync(ct);
            await db.ChallengeStates.Where(s => subjects.Contains(s.SubjectKey)).ExecuteUpdateAsync(set => set
                .SetProperty(s => s.DrawnFirstQuestionId, (int?)null)
                .SetProperty(s => s.DrawnSecondQuestionId, (int?)null), ct);
            db.MemberQuestions.AddRange(ordered.Select(a => new MemberQuestion { MemberId = member.Id, QuestionId = a.QuestionId }));
            db.AnswerPairHashes.AddRange(pairs.Select(p => new AnswerPairHash
            {
                MemberId = p.MemberId, FirstQuestionId = p.FirstQuestionId, SecondQuestionId = p.SecondQuestionId, Hash = p.Hash,
            }));
            db.OutboxMessages.Add(notice);
            await audit.AddAsync(db, AuditKind.QuestionsChanged, member.Id, client, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);

        outbox.Wake();
        return UseCaseResult<QuestionsChange>.Pass(new QuestionsChange([]));
    }
}
