namespace CmqRecovery.Web.Staff;

/// <summary>The staff console (Staff:*): off unless enabled; its provider; its session's limits.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>Off by default: without it everything under the console's prefix answers 404.</summary>
    public bool Enabled { get; set; }

    /// <summary>Development and Testing only: a page that signs in as one of <see cref="DevelopmentStaff"/>, instead of the provider.</summary>
    public bool DevelopmentSignIn { get; set; }

    /// <summary>The Collège's OpenID Connect provider (issuer URL).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim whose values give the roles (<see cref="Core.Staff.StaffRoles.Map"/>).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim value that gives the role <c>support</c>.</summary>
    public string? SupportRoleValue { get; set; }

    /// <summary>The claim value that gives the role <c>supervisor</c>.</summary>
    public string? SupervisorRoleValue { get; set; }

    /// <summary>However active the agent is, a staff session ends this long after sign-in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A staff session unused this long ends (the cookie slides while in use).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
