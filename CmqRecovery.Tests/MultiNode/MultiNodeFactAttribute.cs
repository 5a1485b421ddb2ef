using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.MultiNode;

/// <summary>
/// A test over two app processes on PostgreSQL behind haproxy (and, when asked, driven by Chromium). Skipped with an
/// install hint when one is missing, except under CI=true, where it runs and fails on what is missing, as the other
/// suites do.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MultiNodeFactAttribute : FactAttribute
{
    public MultiNodeFactAttribute(bool browser = false)
    {
        // Two processes start, publish on first use, and a browser drives them: generous, yet a hang must fail.
        Timeout = 300_000;
        if (BrowserAvailability.RunningInCi)
        {
            return;
        }

        if (!PostgreSqlTestServer.Available)
        {
            Skip = PostgreSqlTestServer.UnavailableHint;
        }
        else if (browser && !BrowserAvailability.ChromiumInstalled)
        {
            Skip = BrowserAvailability.InstallHint;
        }
        else if (!ExternalTool.IsInstalled("haproxy"))
        {
            Skip = "haproxy is not installed: `apt-get install haproxy` to run the tests through the proxy.";
        }
    }
}
