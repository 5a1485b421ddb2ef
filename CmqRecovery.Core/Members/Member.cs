namespace CmqRecovery.Core.Members;

public sealed class Member
{
    public Guid Id { get; set; }
    public required string DisplayName { get; set; }
    public MemberKind Kind { get; set; }

    /// <summary>Canonical form (upper case), see <see cref="UserCode"/>.</summary>
    public required string UserCode { get; set; }

    public required string Email { get; set; }

    /// <summary>Upper-invariant email: the unique index that makes emails unique ignoring case.</summary>
    public required string NormalizedEmail { get; set; }

    /// <summary>Null until the member sets a first password (imported from the register, then invited).</summary>
    public required string? PasswordHash { get; set; }

    /// <summary>Rotated on every password change so that older cookies stop working.</summary>
    public required string SecurityStamp { get; set; }

    /// <summary>
    /// 1, 2, 3… in order of enrolment (unique index): lets an unknown identifier pick a stand-in member with one
    /// index seek (see QuestionDraw), so its questions follow the members' own choices.
    /// </summary>
    public int Ordinal { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>
    /// Set when the register no longer lists the member (members import --deactivate-missing): the lookups then find
    /// no one, so sign-in and recovery take the unknown identifier's path.
    /// </summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();
}
