using CmqRecovery.Core;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Core.Register;

internal static class RegisterTestKit
{
    public const string Header = "code;nom;courriel";

    public static RegisterContent Content(params string[] lines) =>
        RegisterFile.Read(RegisterFileTests.Utf8(string.Join("\n", [Header, .. lines]) + "\n"));

    public static async Task<ImportReport> ImportAsync(CoreTestHost host, RegisterContent content, bool dryRun = false, bool deactivateMissing = false)
    {
        var result = await host.Get<ImportRegister>().ExecuteAsync(new ImportRequest(content, dryRun, deactivateMissing));
        Assert.True(result.Outcome == Outcome.Passed, string.Join("; ", result.Value?.Errors.Select(e => $"{e.Line}: {e.Message}") ?? []));
        return result.Value!;
    }
}
