using CmqRecovery.Core.Staff;

namespace CmqRecovery.Web.Staff;

/// <summary>The stand-in provider's people (Development and Testing only): two of each role, so four eyes can be tried.</summary>
public static class DevelopmentStaff
{
    public sealed record Identity(string Id, string Name, string Role);

    public static IReadOnlyList<Identity> All { get; } =
    [
        new("agent1", "Agent 1", StaffRoles.Support),
        new("agent2", "Agent 2", StaffRoles.Support),
        new("superviseur1", "Superviseur 1", StaffRoles.Supervisor),
        new("superviseur2", "Superviseur 2", StaffRoles.Supervisor),
    ];

    public static Identity? Find(string? id) => All.FirstOrDefault(i => string.Equals(i.Id, id, StringComparison.Ordinal));
}
