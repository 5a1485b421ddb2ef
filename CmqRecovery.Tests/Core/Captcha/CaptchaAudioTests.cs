using CmqRecovery.Core.Data;
using System.Buffers.Binary;
using System.Reflection;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Captcha;

/// <summary>The spoken form of a challenge: a real WAV, freshly mixed, only while the challenge is open.</summary>
public sealed class CaptchaAudioTests
{
    private static readonly ClientContext French = new("198.51.100.7");

    [DatabaseTheory]
    public async Task ListenAsync_OpenChallenge_ReturnsPcmWavOfPlausibleLength(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var image = await host.Get<CaptchaService>().IssueAsync();

        var wav = await host.Get<CaptchaService>().ListenAsync(image.Audio!, "fr");

        Assert.NotNull(wav);
        var seconds = AssertPcmWav(wav);
        // Five spoken digits (0.3–0.5 s each) with gaps of 0.45–0.95 s and short lead and tail.
        Assert.InRange(seconds, 3.0, 8.0);
    }

    [DatabaseTheory]
    public async Task ListenAsync_SameChallengeTwice_GivesDifferentBytes(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();

        var first = await captcha.ListenAsync(image.Audio!, "fr");
        var second = await captcha.ListenAsync(image.Audio!, "fr");

        Assert.False(first.AsSpan().SequenceEqual(second), "two renders of the same challenge are byte for byte equal");
    }

    [Fact]
    public void CaptchaVoice_EveryDigitInBothLanguages_IsSeveralShortDistinctRecordings()
    {
        foreach (var digit in "0123456789")
        {
            var french = CaptchaVoice.Recordings("fr", digit);
            var english = CaptchaVoice.Recordings("en", digit);

            Assert.True(french.Count >= 4, $"{digit}: {french.Count} French voices");
            Assert.True(english.Count >= 4, $"{digit}: {english.Count} English voices");
            foreach (var recording in french.Concat(english))
            {
                Assert.InRange(recording.Length / (double)CaptchaVoice.SampleRate, 0.15, 1.0);
            }

            Assert.False(french[0].AsSpan().SequenceEqual(english[0]), $"{digit} sounds the same in French and English");
            Assert.Equal(french.Count, french.Select(r => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(r.AsSpan())))).Distinct().Count());
        }
    }

    [DatabaseTheory]
    public async Task ListenAsync_SpentChallenge_ReturnsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();
        Assert.True(await captcha.VerifyAsync(image.ChallengeId, TestHostSettings.CaptchaCode));

        Assert.Null(await captcha.ListenAsync(image.Audio!, "fr"));
    }

    [DatabaseTheory]
    public async Task ListenAsync_WrongAnswerSpentIt_ReturnsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();
        Assert.False(await captcha.VerifyAsync(image.ChallengeId, "00000"));

        Assert.Null(await captcha.ListenAsync(image.Audio!, "fr"));
    }

    [DatabaseTheory]
    public async Task ListenAsync_ExpiredChallenge_ReturnsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var captcha = host.Get<CaptchaService>();
        var image = await captcha.IssueAsync();
        Assert.NotNull(await captcha.ListenAsync(image.Audio!, "fr"));

        host.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(await captcha.ListenAsync(image.Audio!, "fr"));
    }

    [Fact]
    public void CaptchaAudioTicket_FromOutsideCore_CannotBeMadeOrRead()
    {
        // Another owner (another circuit, the browser) cannot forge a ticket or read one's digits: only Core
        // makes them, and only the circuit the image went to holds it.
        var type = typeof(CaptchaAudioTicket);

        Assert.Empty(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        Assert.Empty(type.GetProperties(BindingFlags.Public | BindingFlags.Instance));
        Assert.Empty(type.GetFields(BindingFlags.Public | BindingFlags.Instance));
    }

    [DatabaseTheory]
    public async Task AudioAsync_PastThePerIpLimit_RefusesAndSpendsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?>
        {
            ["RateLimits:Captcha:PermitLimit"] = "2",
        });
        var image = (await host.Get<IssueCaptcha>().ImageAsync(French)).Value!;
        Assert.NotNull((await host.Get<IssueCaptcha>().AudioAsync(image.Audio!, French)).Value);

        // The image and one listening used the two permits: a third form of the challenge is refused.
        var refused = await host.Get<IssueCaptcha>().AudioAsync(image.Audio!, French);

        Assert.Null(refused.Value);
        Assert.NotNull(refused.Throttled);
        Assert.True(await host.Get<CaptchaService>().VerifyAsync(image.ChallengeId, TestHostSettings.CaptchaCode));
    }

    /// <summary>Checks the RIFF/WAVE header this app writes (PCM, mono, 8 kHz, 16-bit) and returns the duration in seconds.</summary>
    internal static double AssertPcmWav(byte[] wav)
    {
        Assert.True(wav.Length > 44, "shorter than a WAV header");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal("WAVEfmt ", System.Text.Encoding.ASCII.GetString(wav, 8, 8));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20))); // PCM
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22))); // mono
        var rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24));
        Assert.Equal(8000, rate);
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(wav, 36, 4));
        var data = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40));
        Assert.Equal(wav.Length - 44, data);
        return data / 2.0 / rate;
    }
}
