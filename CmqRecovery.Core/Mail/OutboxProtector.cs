using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CmqRecovery.Core.Mail;

/// <summary>
/// Encrypts outbox bodies at rest: a reset mail carries a raw token, which must never sit in the database in clear.
/// Keys live in the database (Data Protection over EF), so a restarted or other node can still read them.
/// </summary>
public sealed class OutboxProtector
{
    public const string Purpose = "CmqRecovery.Mail.Outbox.v1";

    private readonly IDataProtector _protector;

    private readonly ILogger _logger;

    public OutboxProtector(IDataProtectionProvider provider, ILogger<OutboxProtector>? logger = null)
    {
        _protector = provider.CreateProtector(Purpose);
        _logger = logger ?? NullLogger<OutboxProtector>.Instance;
    }

    /// <summary>
    /// Makes sure a key exists; called once at start-up by <see cref="Data.RecoveryDatabase.InitializeAsync"/>.
    /// Creating the first key writes it to the database from another connection: if that first happened inside
    /// Enqueue, under a caller's open SQLite write transaction, it would wait on that transaction until the lock
    /// timed out. Best effort: if the database is not ready, the first Protect retries.
    /// </summary>
    public void EnsureKey()
    {
        try
        {
            _protector.Protect(string.Empty);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Data Protection key ring not ready yet.");
        }
    }

    public string Protect(string clear) => _protector.Protect(clear);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key is gone or the text was altered.</exception>
    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
