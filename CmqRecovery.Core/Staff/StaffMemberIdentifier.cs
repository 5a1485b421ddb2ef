using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;

namespace CmqRecovery.Core.Staff;

/// <summary>
/// A member named by an agent: exact user code or exact email, with the recovery's own parsing; never a partial
/// match. The one parser of every console page that names a member (« Trouver un membre », the email change, the
/// audit search).
/// </summary>
internal readonly record struct StaffMemberIdentifier(string? NormalizedEmail, string? Code, Outcome? Refusal)
{
    public static StaffMemberIdentifier Parse(string? identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return new(null, null, Outcome.NothingGiven);
        }

        if (identifier.Contains('@', StringComparison.Ordinal))
        {
            return EmailAddress.IsValid(identifier)
                ? new(Member.NormalizeEmail(identifier), null, null)
                : new(null, null, Outcome.MalformedEmail);
        }

        return UserCode.TryParse(identifier, out var code, out _) ? new(null, code, null) : new(null, null, Outcome.MalformedUserCode);
    }

    /// <summary>The active member it names, or null (a deactivated member is nobody, as everywhere else).</summary>
    public Task<Member?> FindAsync(RecoveryDbContext db, CancellationToken cancellationToken) =>
        NormalizedEmail is not null
            ? MemberLookup.FindByNormalizedEmailAsync(db, NormalizedEmail, cancellationToken)
            : MemberLookup.FindByUserCodeAsync(db, Code!, cancellationToken);
}
