namespace CmqRecovery.Core.Security;

/// <summary>Who is asking, as far as the use cases need to know: an IP for the audit hash, and the UI culture.</summary>
public sealed record ClientContext(string? IpAddress, string Culture = "fr-CA")
{
    public bool IsEnglish => Culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
