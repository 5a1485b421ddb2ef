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
}

/// <summary>
/// NIST SP 800-63B and ASVS: 12 to 128 characters of any kind, no composition rules; refused when common or
/// guessable (zxcvbn below 3, with its own common-password lists) or when it contains the member's identifiers.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const int MinScore = 3;

    /// <summary>NFKC, so the same password typed on another keyboard or OS hashes the same.</summary>
    public static string Normalize(string password) => password.Normalize(NormalizationForm.FormKC);

    /// <summary>Length in Unicode code points, as NIST counts it.</summary>
    public static int Length(string password) => Normalize(password).EnumerateRunes().Count();

    /// <summary>0 (very weak) to 4 (strong), for the meter and the rule.</summary>
    public static int Score(string password, params string[] userInputs) =>
        string.IsNullOrEmpty(password) ? 0 : Zxcvbn.Zxcvbn.MatchPassword(Normalize(password), userInputs).Score;

    public static IReadOnlyList<PasswordRefusal> Evaluate(string? password, string? confirmation, string userCode, string email)
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

        // Only score what could otherwise pass: zxcvbn on a 10,000-character paste is wasted work.
        if (length is >= MinLength and <= MaxLength && Score(normalized, userCode, localPart) < MinScore)
        {
            refusals.Add(PasswordRefusal.TooGuessable);
        }

        if (!string.Equals(normalized, Normalize(confirmation ?? string.Empty), StringComparison.Ordinal))
        {
            refusals.Add(PasswordRefusal.Mismatch);
        }

        return refusals;
    }
}
