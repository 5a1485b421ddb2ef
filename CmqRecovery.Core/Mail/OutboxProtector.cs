using Microsoft.AspNetCore.DataProtection;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// Encrypts outbox bodies at rest: a reset mail carries a raw token, which must never sit in the database in clear.
/// Keys live in the database (Data Protection over EF), so a restarted or other node can still read them.
/// </summary>
public sealed class OutboxProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "CmqRecovery.Mail.Outbox.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string clear) => _protector.Protect(clear);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is gone or the text was altered.</exception>
    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
