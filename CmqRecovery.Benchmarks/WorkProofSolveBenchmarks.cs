using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using CmqRecovery.Core.Captcha;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// What the proof of work costs a native attacker (one core, .NET's SHA-256, the same salt ‖ decimal encoding the
/// browser hashes): a challenge whose secret sits at the expected position, half the search space, at the base size
/// and at the cap (docs/CAPTCHA.md, "How hard").
/// </summary>
[MedianColumn]
[MinIterationCount(5)]
[MaxIterationCount(15)]
public class WorkProofSolveBenchmarks
{
    private string _salt = "";
    private byte[] _target = [];

    [Params(0, 5)]
    public int Doublings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _salt = WorkProof.NewSalt();
        _target = Convert.FromHexString(WorkProof.Target(_salt, (new CaptchaOptions().WorkMaxNumber << Doublings) / 2));
    }

    [Benchmark]
    public int Solve()
    {
        Span<byte> message = stackalloc byte[64];
        Span<byte> hash = stackalloc byte[32];
        var prefix = Encoding.ASCII.GetBytes(_salt, message);
        for (var n = 0; ; n++)
        {
            n.TryFormat(message[prefix..], out var written, default, CultureInfo.InvariantCulture);
            SHA256.HashData(message[..(prefix + written)], hash);
            if (hash.SequenceEqual(_target))
            {
                return n;
            }
        }
    }
}
