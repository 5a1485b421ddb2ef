using System.Buffers.Binary;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Security;

public class SecretHasherTests
{
    [Fact]
    public async Task Hash_DefaultOptions_UsesPbkdf2Sha512With210000Iterations()
    {
        using var hasher = new SecretHasher(Options.Create(new HashingOptions()));
        using var kdf = await hasher.EnterAsync();

        var bytes = Convert.FromBase64String(kdf.Hash("Demo-motdepasse-2026"));

        // Identity v3 layout: format marker, PRF, iteration count, salt length (big-endian).
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1))); // 2 = HMACSHA512
        Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9)) >= 16);
    }

    [Fact]
    public async Task Verify_RightAndWrongSecret_AcceptsOnlyTheRightOne()
    {
        using var hasher = new SecretHasher(Options.Create(new HashingOptions { Iterations = 1000 }));
        using var kdf = await hasher.EnterAsync();
        var hash = kdf.Hash("correct horse battery staple");

        Assert.True(kdf.Verify(hash, "correct horse battery staple"));
        Assert.False(kdf.Verify(hash, "correct horse battery stapl"));
    }

    [Fact]
    public async Task Hash_SameSecretTwice_IsSalted()
    {
        using var hasher = new SecretHasher(Options.Create(new HashingOptions { Iterations = 1000 }));
        using var kdf = await hasher.EnterAsync();
        Assert.NotEqual(kdf.Hash("same"), kdf.Hash("same"));
    }

    [Fact]
    public async Task Slot_NotGranted_RunsNoKdf()
    {
        var limits = Options.Create(new RateLimitsOptions { KdfConcurrency = 1, KdfQueue = 0 });
        using var hasher = new SecretHasher(Options.Create(new HashingOptions { Iterations = 1000 }), limits);
        using var held = await hasher.EnterAsync();

        using var refused = await hasher.EnterAsync();

        Assert.True(held.Acquired);
        Assert.False(refused.Acquired);
        Assert.Throws<InvalidOperationException>(() => refused.VerifyDecoy("secret"));
    }
}
