using CmqRecovery.Core.Data;
using CmqRecovery.Core.Questions;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Account;

/// <summary>Which catalogue questions the member chose (never an answer: none is stored), in catalogue order.</summary>
public sealed class ReadSecurityQuestions(IDbContextFactory<RecoveryDbContext> dbFactory)
{
    public async Task<IReadOnlyList<QuestionPrompt>> ExecuteAsync(Guid memberId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = await db.MemberQuestions.Where(q => q.MemberId == memberId).Select(q => q.QuestionId).ToListAsync(cancellationToken);
        return QuestionCatalogue.All.Where(q => ids.Contains(q.Id)).Select(QuestionPrompt.From).ToList();
    }

    /// <summary>Fewer than <see cref="AnswerRules.MinQuestions"/>: the member is sent to choose them before anything else.</summary>
    public async Task<bool> NeedsEnrolmentAsync(Guid memberId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.MemberQuestions.CountAsync(q => q.MemberId == memberId, cancellationToken) < AnswerRules.MinQuestions;
    }
}
