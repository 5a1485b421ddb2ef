using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Security;

/// <summary>
/// The installation's HMAC keys are stored protected by Data Protection, whose key ring is encrypted with the
/// configured certificate: a copy of the database alone yields neither. Keys stored in clear by an older version are
/// protected in place at start-up and keep their value.
/// </summary>
public sealed class ServerKeysProtectionTests
{
    private static readonly Dictionary<string, string?> WithCertificate = TestCertificates.Settings(TestCertificates.SharedPath);

    private static async Task<byte[]> StoredAsync(CoreTestHost host, string name)
    {
        await using var db = host.NewDbContext();
        return (await db.ServerSecrets.AsNoTracking().SingleAsync(s => s.Name == name)).Value;
    }

    [DatabaseTheory]
    public async Task GetAsync_EveryKey_StoresSomethingOtherThanTheKey(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, WithCertificate);

        foreach (var name in ServerKeys.All)
        {
            var key = await host.Get<ServerKeys>().GetAsync(name);
            var stored = await StoredAsync(host, name);

            Assert.Equal(ServerKeys.KeyLength, key.Length);
            Assert.NotEqual(ServerKeys.KeyLength, stored.Length);
            Assert.Equal(-1, stored.AsSpan().IndexOf(key)); // the key's bytes appear nowhere in the column
        }
    }

    [DatabaseTheory]
    public async Task Start_WithCertificate_StoresTheKeyRingEncrypted(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, WithCertificate);

        await using var db = host.NewDbContext();
        var ring = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
        Assert.NotEmpty(ring);
        Assert.All(ring, key =>
        {
            Assert.Contains("EncryptedData", key.Xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", key.Xml, StringComparison.Ordinal); // where a clear master key would be
        });
    }

    [DatabaseTheory]
    public async Task Start_DatabaseCopyWithoutTheCertificate_CannotYieldTheKeys(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, WithCertificate);
        var key = await host.Get<ServerKeys>().GetAsync(ServerKeys.Identifier);
        var stored = await StoredAsync(host, ServerKeys.Identifier);

        // Another installation over the same rows, without the certificate: it refuses rather than inventing keys.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CoreTestHost.StartAsync(host.Database));
        Assert.Contains(KeyRing.CertificatePathKey, error.Message, StringComparison.Ordinal);

        // And the stored bytes under a key ring of its own open nothing either.
        var stranger = DataProtectionProvider.Create("CmqRecovery").CreateProtector(ServerKeys.Purpose);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => stranger.Unprotect(stored));
        Assert.Equal(stored, await StoredAsync(host, ServerKeys.Identifier));
        Assert.Equal(key, await host.Get<ServerKeys>().GetAsync(ServerKeys.Identifier));
    }

    [DatabaseTheory]
    public async Task Start_KeyStoredInClearByAnOlderVersion_ProtectsItInPlaceAndKeepsItsValue(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clear = Enumerable.Range(1, ServerKeys.KeyLength).Select(i => (byte)i).ToArray();
        await using (var first = await CoreTestHost.StartAsync(database, WithCertificate))
        {
            await using var db = first.NewDbContext();
            await db.ServerSecrets.Where(s => s.Name == ServerKeys.ClientIp)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, clear));
        }

        await using var restarted = await CoreTestHost.StartAsync(database, WithCertificate);

        var stored = await StoredAsync(restarted, ServerKeys.ClientIp);
        Assert.NotEqual(clear, stored);
        Assert.Equal(-1, stored.AsSpan().IndexOf(clear));
        Assert.Equal(clear, await restarted.Get<ServerKeys>().GetAsync(ServerKeys.ClientIp));
        var fresh = new ServerKeys(restarted.Get<IDbContextFactory<RecoveryDbContext>>(), restarted.Get<IDataProtectionProvider>());
        Assert.Equal(clear, await fresh.GetAsync(ServerKeys.ClientIp));
    }

    [DatabaseTheory]
    public async Task Start_CertificateRotatedWithThePreviousOneListed_ReadsTheSameKeys(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var oldCertificate = TestCertificates.Create("ancien");
        byte[] key;
        await using (var before = await CoreTestHost.StartAsync(database, TestCertificates.Settings(oldCertificate)))
        {
            key = await before.Get<ServerKeys>().GetAsync(ServerKeys.Captcha);
        }

        var rotated = TestCertificates.Settings(TestCertificates.Create("nouveau"));
        rotated["DataProtection:PreviousCertificatePaths:0"] = oldCertificate;
        await using var after = await CoreTestHost.StartAsync(database, rotated);

        Assert.Equal(key, await after.Get<ServerKeys>().GetAsync(ServerKeys.Captcha));
    }
}
