using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace CmqRecovery.Core.Members;

/// <summary>
/// The four user-code formats of the Collège's procedure. Letters are accepted in either case;
/// the canonical form is upper case, surrounding spaces removed.
/// </summary>
public static partial class UserCode
{
    public static bool TryParse(string? input, [NotNullWhen(true)] out string? canonical, out MemberKind kind)
    {
        canonical = null;
        kind = default;
        if (string.IsNullOrWhiteSpace(input))
        {
            return false;
        }

        var candidate = input.Trim().ToUpperInvariant();
        MemberKind? parsed = candidate switch
        {
            _ when Permit().IsMatch(candidate) => MemberKind.Physician,
            _ when Resident().IsMatch(candidate) => MemberKind.Resident,
            _ when Student().IsMatch(candidate) => MemberKind.Student,
            _ when Other().IsMatch(candidate) => MemberKind.Other,
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        canonical = candidate;
        kind = parsed.Value;
        return true;
    }

    // [0-9] rather than \d: \d also matches Arabic-Indic and other Unicode digits.
    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex Permit();

    [GeneratedRegex("^R[0-9]{5}$")]
    private static partial Regex Resident();

    [GeneratedRegex("^E[0-9]{8}$")]
    private static partial Regex Student();

    [GeneratedRegex("^500[0-9]{5}$")]
    private static partial Regex Other();
}
