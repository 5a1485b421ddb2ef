using System.Text;
using CmqRecovery.Core;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Register;

/// <summary>An import's report, with the changes the listener heard, by kind.</summary>
internal sealed record Imported(
    IReadOnlyList<ImportChange> Added, IReadOnlyList<ImportChange> Changed, IReadOnlyList<ImportChange> Deactivated, int Unchanged);

internal static class RegisterTestKit
{
    public const string Header = "code;nom;courriel";

    public static RegisterSource Content(params string[] lines) =>
        RegisterSource.FromBytes(Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. lines]) + "\n"));

    public static async Task<Imported> ImportAsync(CoreTestHost host, RegisterSource content, bool dryRun = false, bool deactivateMissing = false)
    {
        var heard = new List<ImportChange>();
        var result = await host.Get<ImportRegister>().ExecuteAsync(new ImportRequest(content, dryRun, deactivateMissing), listing: heard.Add);
        Assert.True(result.Outcome == Outcome.Passed, string.Join("; ", result.Value?.Errors.Select(e => $"{e.Line}: {e.Message}") ?? []));
        var report = result.Value!;
        var imported = new Imported(
            heard.Where(c => c.Kind == ImportChangeKind.Added).ToList(),
            heard.Where(c => c.Kind == ImportChangeKind.Changed).ToList(),
            heard.Where(c => c.Kind == ImportChangeKind.Deactivated).ToList(),
            report.Unchanged);
        // The counts checked first and the changes listed (or written) after must agree.
        Assert.Equal((report.Added, report.Changed, report.Deactivated), (imported.Added.Count, imported.Changed.Count, imported.Deactivated.Count));
        return imported;
    }
}
