using System.Globalization;
using System.Text;

namespace CmqRecovery.Core.Recovery;

public enum PasswordRefusal
{
    Mismatch,
    TooShort,
    TooLong,
    TooGuessable,
    ContainsUserCode,
    ContainsEmail,

    /// <summary>On the shipped list of common and breached passwords (<see cref="CommonPasswords"/>).</summary>
    Common,

    /// <summary>Contains a part of the member's name (3 letters or more, accents ignored).</summary>
    ContainsName,

    /// <summary>Contains one of <see cref="PasswordPolicy.CollegeWords"/> (accents ignored).</summary>
    ContainsCollegeWord,
}

/// <summary>
/// NIST SP 800-63B and ASVS: 12 to 128 characters of any kind, no composition rules; refused when on the shipped
/// list of common and breached passwords, when guessable (zxcvbn below 3), or when it contains the member's
/// identifiers, name, or the service's own words (NIST's "context-specific words").
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const int MinScore = 3;

    /// <summary>Name parts shorter than this are not checked (initials would refuse half the alphabet).</summary>
    public const int MinNamePartLength = 3;

    /// <summary>The Collège's and the service's own words, as shown to the member; compared without accents or case.</summary>
    public static IReadOnlyList<string> CollegeWords { get; } = ["collège", "médecin", "Québec", "CMQ", "messagerie"];

    // Titles and particles of a display name are not the member's name ("Dre Marie des Rosiers").
    private static readonly HashSet<string> NotNameParts = ["dre", "mme", "mlle", "des", "del", "der", "les", "van", "von"];

    /// <summary>NFKC, so the same password typed on another keyboard or OS hashes the same.</summary>
    public static string Normalize(string password) => password.Normalize(NormalizationForm.FormKC);

    /// <summary>0 (very weak) to 4 (strong), for the meter and the rule.</summary>
    public static int Score(string password, params string[] userInputs) =>
        string.IsNullOrEmpty(password) ? 0 : Zxcvbn.Zxcvbn.MatchPassword(Normalize(password), userInputs).Score;

    public static IReadOnlyList<PasswordRefusal> Evaluate(
        string? password, string? confirmation, string userCode, string email, string displayName)
    {
        var refusals = new List<PasswordRefusal>();
        password ??= string.Empty;
        var normalized = Normalize(password);
        var length = normalized.EnumerateRunes().Count();
        if (length < MinLength)
        {
            refusals.Add(PasswordRefusal.TooShort);
        }
        else if (length > MaxLength)
        {
            refusals.Add(PasswordRefusal.TooLong);
        }

        if (normalized.Contains(userCode, StringComparison.OrdinalIgnoreCase))
        {
            refusals.Add(PasswordRefusal.ContainsUserCode);
        }

        var localPart = Members.EmailAddress.LocalPart(email);
        if (localPart.Length >= 3 && normalized.Contains(localPart, StringComparison.OrdinalIgnoreCase))
        {
            refusals.Add(PasswordRefusal.ContainsEmail);
        }

        var folded = Fold(normalized);
        var nameParts = NameParts(displayName);
        if (nameParts.Any(part => folded.Contains(part, StringComparison.Ordinal)))
        {
            refusals.Add(PasswordRefusal.ContainsName);
        }

        if (CollegeWords.Any(word => folded.Contains(Fold(word), StringComparison.Ordinal)))
        {
            refusals.Add(PasswordRefusal.ContainsCollegeWord);
        }

        // Past the maximum nothing is looked up or scored: a 10,000-character paste is wasted work.
        if (length <= MaxLength && CommonPasswords.Contains(normalized))
        {
            refusals.Add(PasswordRefusal.Common);
        }
        else if (length is >= MinLength and <= MaxLength && Score(normalized, [userCode, localPart, .. nameParts]) < MinScore)
        {
            refusals.Add(PasswordRefusal.TooGuessable);
        }

        if (!string.Equals(normalized, Normalize(confirmation ?? string.Empty), StringComparison.Ordinal))
        {
            refusals.Add(PasswordRefusal.Mismatch);
        }

        return refusals;
    }

    /// <summary>The parts of a display name worth refusing: 3 letters or more, without titles, folded.</summary>
    internal static IReadOnlyList<string> NameParts(string? displayName) =>
        Fold(displayName ?? string.Empty)
            .Split([' ', '-', '\'', '\u2019', '.', ','], StringSplitOptions.RemoveEmptyEntries)
            .Where(part => part.Length >= MinNamePartLength && !NotNameParts.Contains(part))
            .Distinct()
            .ToList();

    /// <summary>Lower case without diacritics, so « Chloé » and "CHLOE" compare equal.</summary>
    internal static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD).ToLowerInvariant();
        var builder = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(ch);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
