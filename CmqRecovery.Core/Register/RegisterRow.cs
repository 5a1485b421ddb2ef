using CmqRecovery.Core.Members;

namespace CmqRecovery.Core.Register;

/// <summary>One valid line of the register: the canonical code and its kind, the name and the email as written.</summary>
public sealed record RegisterRow(int Line, string UserCode, MemberKind Kind, string DisplayName, string Email)
{
    public string NormalizedEmail => Member.NormalizeEmail(Email);
}

/// <summary>Why a line (or, line 1, the header; line 0, the file itself) cannot be imported.</summary>
public sealed record RegisterError(int Line, string Message);
