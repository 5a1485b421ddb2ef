using System.Globalization;
using System.Text;

namespace CmqRecovery.Core.Questions;

/// <summary>
/// Makes « Trois-Rivières », "trois rivieres" and "TROIS  RIVIÈRES." the same answer:
/// NFKC, case-fold, strip diacritics, hyphens/apostrophes/dots/whitespace runs become one space, trim.
/// </summary>
public static class AnswerNormalizer
{
    public static string Normalize(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return string.Empty;
        }

        var folded = answer.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

        // Decompose so that diacritics become separate non-spacing marks we can drop.
        var decomposed = folded.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (IsSeparator(ch, category))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(ch);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsSeparator(char ch, UnicodeCategory category) =>
        char.IsWhiteSpace(ch)
        || category == UnicodeCategory.DashPunctuation
        || ch is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '.' or '\u00B7';
}
