using BenchmarkDotNet.Attributes;
using CmqRecovery.Core.Recovery;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// What the server pays, once per submit, to judge a new password (length, identifiers, zxcvbn, confirmation) at
/// the policy's minimum, a long passphrase and its maximum. Before issue 10 it paid this at every keystroke.
/// </summary>
[MedianColumn]
[MinIterationCount(15)]
[MaxIterationCount(40)]
public class PasswordPolicyBenchmarks
{
    private const string Passphrase =
        "Quatre chevaux bleus dansent sous la pluie de Tadoussac pendant que les baleines chantent au large du fjord " +
        "et que le traversier attend les voitures au quai";

    private string _password = null!;

    [Params(12, 64, 128)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup() => _password = Passphrase[..Length];

    [Benchmark]
    public IReadOnlyList<PasswordRefusal> Evaluate() =>
        PasswordPolicy.Evaluate(_password, _password, "54321", "marie.tremblay@example.org", "Dre Marie Tremblay");
}
