using System.Collections.Concurrent;
using System.Security.Cryptography;
using CmqRecovery.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Security;

/// <summary>
/// HMAC keys made once per installation (CSPRNG) and kept in the database, so every node derives the same decoys and
/// IP hashes. They are stored protected by Data Protection (whose ring is encrypted with the configured certificate),
/// never in clear next to the data they key. Values are cached after the first read.
/// </summary>
public sealed class ServerKeys(IDbContextFactory<RecoveryDbContext> dbFactory, IDataProtectionProvider dataProtection)
{
    public const string Identifier = "identifier-hmac";
    public const string ClientIp = "client-ip-hmac";
    public const string Captcha = "captcha-hmac";
    public const string SignIn = "sign-in-hmac";

    /// <summary>Data Protection purpose of the stored keys.</summary>
    public const string Purpose = "CmqRecovery.Security.ServerKeys.v1";

    /// <summary>
    /// Bytes in a key. Keys stored before they were protected are exactly this long; a protected one never is
    /// (Data Protection adds a header, key id, IV and MAC), which is how a clear one is recognised and protected.
    /// </summary>
    public const int KeyLength = 32;

    public static IReadOnlyList<string> All { get; } = [Identifier, ClientIp, Captcha, SignIn];

    private readonly ConcurrentDictionary<string, byte[]> _cache = new();
    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.ServerSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (stored is null)
        {
            db.ServerSecrets.Add(new ServerSecret { Name = name, Value = _protector.Protect(RandomNumberGenerator.GetBytes(KeyLength)) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node made it first: theirs wins.
            }

            db.ChangeTracker.Clear();
            stored = await db.ServerSecrets.AsNoTracking().SingleAsync(s => s.Name == name, cancellationToken);
        }

        var key = stored.Value.Length == KeyLength
            ? await ProtectInPlaceAsync(db, stored, cancellationToken)
            : Unprotect(name, stored.Value);
        return _cache.GetOrAdd(name, key);
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="value"/> under the named key.</summary>
    public async Task<string> HashAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var key = await GetAsync(name, cancellationToken);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>
    /// A key stored in clear by an older version: the same key, now protected. Only the row still holding that clear
    /// value is updated, so two nodes starting together protect it once and keep the same key.
    /// </summary>
    private async Task<byte[]> ProtectInPlaceAsync(RecoveryDbContext db, ServerSecret stored, CancellationToken cancellationToken)
    {
        var clear = stored.Value;
        var protectedValue = _protector.Protect(clear);
        await db.ServerSecrets
            .Where(s => s.Name == stored.Name && s.Value == clear)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, protectedValue), cancellationToken);
        return clear;
    }

    private byte[] Unprotect(string name, byte[] stored)
    {
        try
        {
            return _protector.Unprotect(stored);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"The installation key '{name}' is stored protected by a Data Protection key this node cannot read: " +
                $"check {KeyRing.CertificatePathKey} (and {KeyRing.PreviousCertificatePathsKey} while rotating). " +
                "Refusing to make a new key, which would silently change every decoy and IP hash.", ex);
        }
    }
}
