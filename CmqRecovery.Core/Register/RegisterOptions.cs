namespace CmqRecovery.Core.Register;

/// <summary>The member register: how the import writes and how invitations go out (section "Register").</summary>
public sealed class RegisterOptions
{
    public const string Section = "Register";

    /// <summary>The window <see cref="InvitationsPerHour"/> counts invitations over (by when they were created).</summary>
    public static readonly TimeSpan InvitationBudgetWindow = TimeSpan.FromHours(1);

    /// <summary>Members written per transaction: each batch holds its row locks only while it commits.</summary>
    public int ImportBatchSize { get; set; } = 500;

    /// <summary>How long an invitation's link works.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Invitations created in any hour, all runs together, so a large register is mailed over time.</summary>
    public int InvitationsPerHour { get; set; } = 1000;
}
