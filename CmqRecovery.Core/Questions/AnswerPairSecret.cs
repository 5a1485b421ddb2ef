namespace CmqRecovery.Core.Questions;

/// <summary>The single secret hashed for a pair of answers: lower question id first, each normalised, length-prefixed.</summary>
public static class AnswerPairSecret
{
    public static (int FirstQuestionId, int SecondQuestionId) Order(int questionA, int questionB) =>
        questionA < questionB ? (questionA, questionB) : (questionB, questionA);

    public static string Combine(int questionA, string? answerA, int questionB, string? answerB)
    {
        var (low, high) = questionA < questionB ? (answerA, answerB) : (answerB, answerA);
        var first = AnswerNormalizer.Normalize(low);
        var second = AnswerNormalizer.Normalize(high);
        // Length prefix: no pair of answers can collide with another by moving characters across the boundary.
        return $"{first.Length}:{first}|{second}";
    }
}
