namespace CmqRecovery.Tests.TestSupport;

/// <summary>The checkout the tests run from, for tests that read its sources and docs.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CmqRecovery.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CmqRecovery.sln not found above the test output.");
    }
}
