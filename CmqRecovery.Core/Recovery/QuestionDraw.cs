using System.Security.Cryptography;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Recovery;

/// <summary>Which two questions a subject must answer, and its attempt record.</summary>
public sealed class QuestionDraw(ServerKeys keys, TimeProvider time)
{
    internal static string MemberKey(Guid memberId) => $"m:{memberId:N}";

    internal async Task<string> UnknownKeyAsync(string normalizedIdentifier, CancellationToken cancellationToken) =>
        "u:" + await keys.HashAsync(ServerKeys.Identifier, normalizedIdentifier, cancellationToken);

    internal async Task<ChallengeState> LoadStateAsync(RecoveryDbContext db, string subjectKey, CancellationToken cancellationToken)
    {
        // FindAsync also sees a state added earlier in this context and not yet saved.
        var state = await db.ChallengeStates.FindAsync([subjectKey], cancellationToken);
        if (state is null)
        {
            state = new ChallengeState { SubjectKey = subjectKey, UpdatedAt = time.GetUtcNow() };
            db.ChallengeStates.Add(state);
        }

        return state;
    }

    /// <summary>
    /// A member keeps the pair drawn for them until they answer it; a fresh pair is drawn at random (CSPRNG).
    /// Returns null when the member has fewer than two questions: callers then treat them as a decoy.
    /// </summary>
    internal async Task<(QuestionPrompt First, QuestionPrompt Second)?> ForMemberAsync(
        RecoveryDbContext db, Guid memberId, ChallengeState state, CancellationToken cancellationToken)
    {
        var chosen = await db.MemberQuestions.Where(q => q.MemberId == memberId)
            .Join(db.SecurityQuestions, mq => mq.QuestionId, q => q.Id, (_, q) => q)
            .OrderBy(q => q.Id)
            .ToListAsync(cancellationToken);
        if (chosen.Count < 2)
        {
            return null;
        }

        var first = chosen.FirstOrDefault(q => q.Id == state.DrawnFirstQuestionId);
        var second = chosen.FirstOrDefault(q => q.Id == state.DrawnSecondQuestionId);
        if (first is null || second is null || first.Id == second.Id)
        {
            var i = RandomNumberGenerator.GetInt32(chosen.Count);
            var j = (i + 1 + RandomNumberGenerator.GetInt32(chosen.Count - 1)) % chosen.Count;
            (first, second) = (chosen[i], chosen[j]);
            state.DrawnFirstQuestionId = first.Id;
            state.DrawnSecondQuestionId = second.Id;
            state.UpdatedAt = time.GetUtcNow();
        }

        return (QuestionPrompt.From(first), QuestionPrompt.From(second));
    }

    /// <summary>
    /// An unknown identifier gets two catalogue questions chosen by a keyed hash of the identifier:
    /// the same ones every time, like a member's, and unpredictable without the server key.
    /// </summary>
    internal async Task<(QuestionPrompt First, QuestionPrompt Second)> ForUnknownAsync(
        RecoveryDbContext db, string normalizedIdentifier, ChallengeState state, CancellationToken cancellationToken)
    {
        var catalogue = await db.SecurityQuestions.OrderBy(q => q.Id).ToListAsync(cancellationToken);
        var key = await keys.GetAsync(ServerKeys.Identifier, cancellationToken);
        var digest = HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes("decoy-questions:" + normalizedIdentifier));
        var i = (int)(BitConverter.ToUInt32(digest, 0) % (uint)catalogue.Count);
        var j = (i + 1 + (int)(BitConverter.ToUInt32(digest, 4) % (uint)(catalogue.Count - 1))) % catalogue.Count;
        var (first, second) = (catalogue[i], catalogue[j]);
        state.DrawnFirstQuestionId = first.Id;
        state.DrawnSecondQuestionId = second.Id;
        return (QuestionPrompt.From(first), QuestionPrompt.From(second));
    }
}
