using System.Collections.Concurrent;
using System.Security.Cryptography;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Security;

/// <summary>
/// HMAC keys made once per installation (CSPRNG) and kept in the database, so every node derives the same
/// decoys and IP hashes. Values are cached after the first read.
/// </summary>
public sealed class ServerKeys(IDbContextFactory<RecoveryDbContext> dbFactory)
{
    public const string Identifier = "identifier-hmac";
    public const string ClientIp = "client-ip-hmac";
    public const string Captcha = "captcha-hmac";
    public const string SignIn = "sign-in-hmac";

    public static IReadOnlyList<string> All { get; } = [Identifier, ClientIp, Captcha, SignIn];

    private readonly ConcurrentDictionary<string, byte[]> _cache = new();

    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(name, out var cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.ServerSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken);
        if (existing is null)
        {
            db.ServerSecrets.Add(new ServerSecret { Name = name, Value = RandomNumberGenerator.GetBytes(32) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node made it first: theirs wins.
            }

            db.ChangeTracker.Clear();
            existing = await db.ServerSecrets.AsNoTracking().SingleAsync(s => s.Name == name, cancellationToken);
        }

        return _cache.GetOrAdd(name, existing.Value);
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <paramref name="value"/> under the named key.</summary>
    public async Task<string> HashAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var key = await GetAsync(name, cancellationToken);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(value)));
    }
}
