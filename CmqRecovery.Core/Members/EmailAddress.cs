using System.Net.Mail;

namespace CmqRecovery.Core.Members;

public static class EmailAddress
{
    /// <summary>A single plain address (no display name), at most 254 characters.</summary>
    public static bool IsValid(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 254)
        {
            return false;
        }

        var trimmed = input.Trim();
        return MailAddress.TryCreate(trimmed, out var parsed)
            && parsed.Address == trimmed
            && string.IsNullOrEmpty(parsed.DisplayName)
            && parsed.Host.Contains('.');
    }

    /// <summary>
    /// The seed's mask: first character, five asterisks, last character of the local part, full domain.
    /// Five asterisks whatever the length, so the mask does not tell the local part's length.
    /// </summary>
    public static string Mask(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0)
        {
            return "*****";
        }

        var local = email[..at];
        var domain = email[(at + 1)..];
        return $"{local[0]}*****{local[^1]}@{domain}";
    }

    public static string LocalPart(string email)
    {
        var at = email.LastIndexOf('@');
        return at <= 0 ? email : email[..at];
    }
}
