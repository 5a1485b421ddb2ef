namespace CmqRecovery.Web.Staff;

/// <summary>The console's own authentication schemes and policies: none of them is the member's default cookie.</summary>
public static class StaffSchemes
{
    public const string Cookie = "Staff";
    public const string OpenIdConnect = "StaffOidc";

    /// <summary>Every console request: a staff session with the role support or supervisor.</summary>
    public const string ConsolePolicy = "StaffConsole";

    /// <summary>Approving (four eyes): a staff session with the role supervisor.</summary>
    public const string SupervisorPolicy = "StaffSupervisor";

    /// <summary>The staff cookie's name; <c>__Secure-</c> in front wherever it is Secure (not __Host-: its path is the console's).</summary>
    public const string CookieName = "cmq.soutien";
}
