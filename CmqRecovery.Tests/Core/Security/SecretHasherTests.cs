using System.Buffers.Binary;
using CmqRecovery.Core.Security;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Security;

public class SecretHasherTests
{
    [Fact]
    public void Hash_DefaultOptions_UsesPbkdf2Sha512With210000Iterations()
    {
        var hasher = new SecretHasher(Options.Create(new HashingOptions()));

        var bytes = Convert.FromBase64String(hasher.Hash("Demo-motdepasse-2026"));

        // Identity v3 layout: format marker, PRF, iteration count, salt length (big-endian).
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1))); // 2 = HMACSHA512
        Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9)) >= 16);
    }

    [Fact]
    public void Verify_RightAndWrongSecret_AcceptsOnlyTheRightOne()
    {
        var hasher = new SecretHasher(Options.Create(new HashingOptions { Iterations = 1000 }));
        var hash = hasher.Hash("correct horse battery staple");

        Assert.True(hasher.Verify(hash, "correct horse battery staple"));
        Assert.False(hasher.Verify(hash, "correct horse battery stapl"));
    }

    [Fact]
    public void Hash_SameSecretTwice_IsSalted()
    {
        var hasher = new SecretHasher(Options.Create(new HashingOptions { Iterations = 1000 }));
        Assert.NotEqual(hasher.Hash("same"), hasher.Hash("same"));
    }
}
