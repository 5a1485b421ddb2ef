using System.Buffers.Binary;
using System.Security.Cryptography;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Recovery;

/// <summary>
/// Which two questions a subject must answer. An unknown identifier is asked two questions of a real member (a
/// stand-in chosen by a keyed hash of the identifier), drawn as for a member: so the questions asked follow the
/// members' own choices, whatever their skew, and the member and unknown paths run the same queries.
/// </summary>
public sealed class QuestionDraw(ServerKeys keys, TimeProvider time)
{
    /// <summary>A uniform integer in [0, n): the CSPRNG; the distribution test swaps in a seeded one to be deterministic.</summary>
    internal Func<int, int> NextInt { get; init; } = RandomNumberGenerator.GetInt32;

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
    /// The subject keeps the pair drawn for it until it answers it; a fresh pair is drawn at random (CSPRNG) from the
    /// questions of <paramref name="memberId"/>, or, when null, of the stand-in for <paramref name="identifier"/>.
    /// With an identifier, the stand-in query runs for a member too, so both paths cost the same.
    /// A member with fewer than <see cref="AnswerRules.MinQuestions"/> questions (not enrolled yet) is drawn exactly as
    /// an unknown identifier, from the stand-in, in the same one query (<c>Enrolled</c> false: the caller treats the
    /// subject as unknown). Returns null when the owner has fewer than two questions (or there is no member at all).
    /// </summary>
    internal async Task<(QuestionPrompt First, QuestionPrompt Second, bool Enrolled)?> DrawAsync(
        RecoveryDbContext db, Guid? memberId, string? identifier, ChallengeState state, CancellationToken cancellationToken)
    {
        var standIn = identifier is null ? null : await StandInAsync(db, identifier, cancellationToken);
        var own = memberId ?? Guid.Empty;
        var other = standIn ?? Guid.Empty;
        // One statement for every path: the member's own questions when they number enough, else the stand-in's.
        var rows = await db.MemberQuestions
            .Where(q => db.MemberQuestions.Count(x => x.MemberId == own) >= AnswerRules.MinQuestions ? q.MemberId == own : q.MemberId == other)
            .Join(db.SecurityQuestions, mq => mq.QuestionId, q => q.Id, (mq, q) => new { mq.MemberId, Question = q })
            .OrderBy(x => x.Question.Id)
            .ToListAsync(cancellationToken);
        var enrolled = memberId is not null && rows.Count >= AnswerRules.MinQuestions && rows.All(r => r.MemberId == own);
        var chosen = rows.Select(r => r.Question).ToList();
        if (chosen.Count < 2 || (memberId is not null && identifier is null && !enrolled))
        {
            return null;
        }

        // An unknown identifier keeps its pair even if its stand-in changes as members come and go, as a member would.
        // The catalogue is the seeded QuestionCatalogue, in memory: no query that a member's path would not run.
        var catalogue = enrolled ? chosen : QuestionCatalogue.All;
        var first = catalogue.FirstOrDefault(q => q.Id == state.DrawnFirstQuestionId);
        var second = catalogue.FirstOrDefault(q => q.Id == state.DrawnSecondQuestionId);
        if (first is null || second is null || first.Id == second.Id)
        {
            var i = NextInt(chosen.Count);
            var j = (i + 1 + NextInt(chosen.Count - 1)) % chosen.Count;
            (first, second) = (chosen[i], chosen[j]);
            state.DrawnFirstQuestionId = first.Id;
            state.DrawnSecondQuestionId = second.Id;
            state.UpdatedAt = time.GetUtcNow();
        }

        return (QuestionPrompt.From(first), QuestionPrompt.From(second), enrolled);
    }

    /// <summary>Only when no member has two questions (an empty installation): two catalogue questions.</summary>
    internal async Task<(QuestionPrompt First, QuestionPrompt Second)> FromCatalogueAsync(
        RecoveryDbContext db, ChallengeState state, CancellationToken cancellationToken)
    {
        var catalogue = await db.SecurityQuestions.OrderBy(q => q.Id).ToListAsync(cancellationToken);
        var first = catalogue.FirstOrDefault(q => q.Id == state.DrawnFirstQuestionId) ?? catalogue[0];
        var second = catalogue.FirstOrDefault(q => q.Id == state.DrawnSecondQuestionId && q.Id != first.Id)
            ?? catalogue.First(q => q.Id != first.Id);
        state.DrawnFirstQuestionId = first.Id;
        state.DrawnSecondQuestionId = second.Id;
        return (QuestionPrompt.From(first), QuestionPrompt.From(second));
    }

    /// <summary>
    /// One index seek: members carry dense ordinals 1..N, so a keyed hash modulo the highest ordinal picks one
    /// uniformly (the next one up if a member was removed). MAX over the unique index is a seek, not a scan.
    /// </summary>
    private async Task<Guid?> StandInAsync(RecoveryDbContext db, string identifier, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync(ServerKeys.Identifier, cancellationToken);
        var digest = HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes("stand-in:" + identifier));
        var slot = (long)(BinaryPrimitives.ReadUInt64LittleEndian(digest) >> 1);
        return await db.Members
            .Where(m => m.Ordinal > slot % db.Members.Max(x => (long?)x.Ordinal))
            .OrderBy(m => m.Ordinal)
            .Select(m => (Guid?)m.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
