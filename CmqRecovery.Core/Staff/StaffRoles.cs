namespace CmqRecovery.Core.Staff;

/// <summary>
/// The console's two roles, and how the Collège's provider grants them: the values of one claim
/// (Staff:RoleClaim) are compared, exactly, with the configured values for each role. Nothing else grants a role.
/// </summary>
public static class StaffRoles
{
    /// <summary>Answers the phone: looks members up and acts on their recovery.</summary>
    public const string Support = "support";

    /// <summary>Approves what needs a second person (an email change).</summary>
    public const string Supervisor = "supervisor";

    /// <summary>
    /// The console roles the provider's claim values give. Ordinal and exact: a value that differs in case or by a
    /// space gives nothing, and an unset (blank) configured value matches no claim, so a half-configured provider
    /// grants no role rather than one too many.
    /// </summary>
    public static IReadOnlyList<string> Map(IEnumerable<string?> claimValues, string? supportValue, string? supervisorValue)
    {
        ArgumentNullException.ThrowIfNull(claimValues);
        var values = claimValues.Where(v => !string.IsNullOrEmpty(v)).ToHashSet(StringComparer.Ordinal);
        var roles = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(supportValue) && values.Contains(supportValue))
        {
            roles.Add(Support);
        }

        if (!string.IsNullOrWhiteSpace(supervisorValue) && values.Contains(supervisorValue))
        {
            roles.Add(Supervisor);
        }

        return roles;
    }
}
