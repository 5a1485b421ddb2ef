using CmqRecovery.Core.Data;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace CmqRecovery.Tests.Web.Cli;

/// <summary>The command through its entry point, in-process, over a real database: what it prints and its exit code.</summary>
public sealed class MembersCommandTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"registre-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_file);

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(TestDatabase database, params string[] args) =>
        RunAsync(database, showProgress: false, args);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(TestDatabase database, bool showProgress, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = TestHostSettings.For(database, new Dictionary<string, string?> { ["Smtp:Host"] = "127.0.0.1" });
        var exitCode = await MembersCommand.RunAsync(
            args, output, error, showProgress, configure: b => b.Configuration.AddInMemoryCollection(settings), environmentName: "Testing");
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task WriteAsync(params string[] lines) =>
        await File.WriteAllTextAsync(_file, string.Join("\r\n", ["code,nom,courriel", .. lines]) + "\r\n", new System.Text.UTF8Encoding(true));

    private static async Task<int> MemberCountAsync(TestDatabase database)
    {
        await using var host = await CoreTestHost.StartAsync(database);
        await using var db = host.NewDbContext();
        return await db.Members.CountAsync();
    }

    [DatabaseTheory]
    public async Task Import_ValidFile_ExitsZeroWithTheSummaryAndTwiceChangesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await WriteAsync("54321,Dre Marie Tremblay,marie.tremblay@example.org", "R12345,Dr Julien Gagnon,julien.gagnon@example.org");

        var first = await RunAsync(database, "members", "import", _file);
        var second = await RunAsync(database, "members", "import", _file);

        Assert.Equal((MembersCommand.Done, ""), (first.ExitCode, first.Error));
        Assert.Equal("2 line(s): 2 added, 0 changed, 0 deactivated, 0 unchanged.", first.Output.Trim());
        Assert.Equal("2 line(s): 0 added, 0 changed, 0 deactivated, 2 unchanged.", second.Output.Trim());
        Assert.Equal(2, await MemberCountAsync(database));
    }

    /// <summary>On a terminal (the entry point passes !Console.IsOutputRedirected) a line rewritten in place, then the summary on its own line.</summary>
    [DatabaseTheory]
    public async Task Import_OnATerminal_ProgressLineThenTheSummary(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await WriteAsync("54321,Dre Marie Tremblay,marie.tremblay@example.org", "R12345,Dr Julien Gagnon,julien.gagnon@example.org");

        var (exitCode, output, _) = await RunAsync(database, showProgress: true, "members", "import", _file);

        Assert.Equal(MembersCommand.Done, exitCode);
        Assert.StartsWith("\r2 written…" + Environment.NewLine + "2 line(s): 2 added", output, StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task Import_InvalidFile_ExitsOneWithEachLineAndWritesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await WriteAsync("54321,Dre Marie Tremblay,marie.tremblay@example.org", "R1234,Dr Julien Gagnon,julien.gagnon@example.org", "E12342012,Chloé Roy,chloe.roy@");

        var (exitCode, output, error) = await RunAsync(database, "members", "import", _file);

        Assert.Equal(MembersCommand.InvalidFile, exitCode);
        Assert.Equal("", output);
        var lines = error.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("line 3: code « R1234 »", lines[0]);
        Assert.StartsWith("line 4: email « chloe.roy@ »", lines[1]);
        Assert.Equal("2 error(s): nothing was written.", lines[2]);
        Assert.Equal(0, await MemberCountAsync(database));
    }

    [DatabaseTheory]
    public async Task Import_DryRun_ListsWhatWouldChangeAndWritesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await WriteAsync("54321,Dre Marie Tremblay,marie.tremblay@example.org");

        var (exitCode, output, _) = await RunAsync(database, "members", "import", _file, "--dry-run", "--deactivate-missing");

        Assert.Equal(MembersCommand.Done, exitCode);
        Assert.Contains("+ 54321 Dre Marie Tremblay (new)", output);
        Assert.Contains("1 added", output);
        Assert.Contains("nothing written", output);
        Assert.Equal(0, await MemberCountAsync(database));
    }

    [DatabaseTheory]
    public async Task Invite_ImportedMembers_ExitsZeroAndSaysHowManyWereQueued(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await WriteAsync("54321,Dre Marie Tremblay,marie.tremblay@example.org");
        await RunAsync(database, "members", "import", _file);

        var (exitCode, output, error) = await RunAsync(database, "members", "invite", "--new-only");

        Assert.Equal((MembersCommand.Done, ""), (exitCode, error));
        Assert.Equal("1 invitation(s) queued; 0 member(s) still to invite.", output.Trim());
    }

    [DatabaseTheory]
    public async Task Invite_AnotherRunHoldsTheLock_ExitsTwoSayingWhy(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await WriteAsync("54321,Dre Marie Tremblay,marie.tremblay@example.org");
        await RunAsync(database, "members", "import", _file);
        await using var otherRun = await CoreTestHost.StartAsync(database);

        (int ExitCode, string Output, string Error) busy;
        await using (await otherRun.Get<RegisterRunLock>().AcquireAsync())
        {
            busy = await RunAsync(database, "members", "invite");
        }

        Assert.Equal((MembersCommand.CouldNotRun, ""), (busy.ExitCode, busy.Output));
        Assert.Contains("another members import or members invite is running", busy.Error);
        await using var db = otherRun.NewDbContext();
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [Theory]
    [InlineData("members")]
    [InlineData("members", "import")]
    [InlineData("members", "import", "a.csv", "--force")]
    [InlineData("members", "invite", "--dry-run")]
    [InlineData("members", "delete")]
    public async Task Run_BadUsage_ExitsTwoWithTheUsage(params string[] args)
    {
        var error = new StringWriter();

        var exitCode = await MembersCommand.RunAsync(args, new StringWriter(), error);

        Assert.Equal(MembersCommand.CouldNotRun, exitCode);
        Assert.Contains("usage: members import", error.ToString());
    }

    [DatabaseTheory]
    public async Task Import_MissingFile_ExitsTwo(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var (exitCode, _, error) = await RunAsync(database, "members", "import", _file + ".absent");

        Assert.Equal(MembersCommand.CouldNotRun, exitCode);
        Assert.Contains("cannot read", error);
    }

    [Fact]
    public async Task Import_DatabaseUnreachable_ExitsTwo()
    {
        await WriteAsync("54321,Dre Marie Tremblay,marie.tremblay@example.org");
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Recovery"] = $"Data Source={Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "absent", "x.db")}",
            ["Smtp:Host"] = "127.0.0.1",
            ["Recovery:PublicBaseUrl"] = TestHostSettings.PublicBaseUrl,
        };

        var exitCode = await MembersCommand.RunAsync(
            ["members", "import", _file], new StringWriter(), error, configure: b => b.Configuration.AddInMemoryCollection(settings), environmentName: "Testing");

        Assert.Equal(MembersCommand.CouldNotRun, exitCode);
        Assert.Contains("could not run", error.ToString());
    }
}
