namespace CmqRecovery.Core.Staff;

/// <summary>The console's four-eyes email change (Staff:EmailChangeLifetime).</summary>
public sealed class EmailChangeOptions
{
    public const string Section = "Staff";

    /// <summary>A proposal no supervisor decided within this long can no longer be approved.</summary>
    public TimeSpan EmailChangeLifetime { get; set; } = TimeSpan.FromHours(48);
}
