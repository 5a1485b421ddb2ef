using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Register;
using CmqRecovery.Web.Hosting;

namespace CmqRecovery.Web.Cli;

/// <summary>
/// <c>members import registre.csv [--dry-run] [--deactivate-missing]</c> and <c>members invite [--new-only]</c>: the
/// app's own configuration, database provider and migrations, without starting the web host. Every other argument is
/// configuration, as for the app (<c>--Database:Provider=PostgreSql</c>). Exit codes: <see cref="Done"/>,
/// <see cref="InvalidFile"/>, <see cref="CouldNotRun"/>.
/// </summary>
public static class MembersCommand
{
    public const int Done = 0;
    public const int InvalidFile = 1;
    public const int CouldNotRun = 2;

    private const string Usage = """
        usage: members import <registre.csv> [--dry-run] [--deactivate-missing]
               members invite [--new-only]
        """;

    public static bool Handles(string[] args) => args is ["members", ..];

    /// <param name="configure">Called on the builder before the app's services are added (the tests' settings).</param>
    /// <param name="showProgress">A progress line; the console entry point passes whether stdout is a terminal.</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, bool showProgress = false,
        Action<WebApplicationBuilder>? configure = null, string? environmentName = null, CancellationToken cancellationToken = default)
    {
        var command = MembersArguments.Parse(args);
        if (command is null)
        {
            await error.WriteLineAsync(Usage);
            return CouldNotRun;
        }

        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command.Configuration, EnvironmentName = environmentName });
            configure?.Invoke(builder);
            builder.AddRecoveryWeb();
            // Warnings and errors only, on stderr: stdout is the command's report.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
            await using var app = builder.Build();
            // Migrations only: a register is never mixed with the Development demo members.
            await RecoveryDatabase.InitializeAsync(app.Services, seedDemoMembers: false, cancellationToken);
            var progress = showProgress ? new ProgressLine(output) : null;
            return command.Verb == "import"
                ? await ImportAsync(app.Services, command, output, error, progress, cancellationToken)
                : await InviteAsync(app.Services, command, output, progress, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await error.WriteLineAsync($"members {command.Verb}: could not run: {exception.GetBaseException().Message}");
            return CouldNotRun;
        }
    }

    private static async Task<int> ImportAsync(
        IServiceProvider services, MembersArguments command, TextWriter output, TextWriter error, ProgressLine? progress, CancellationToken cancellationToken)
    {
        try
        {
            // Read twice by the import (check, then write): a missing or unreadable file is said plainly here.
            await using var probe = File.OpenRead(command.File!);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"members import: cannot read {command.File}: {exception.Message}");
            return CouldNotRun;
        }

        // The dry run's listing is printed as it is found: a register of any length, the same memory.
        Action<ImportChange>? listing = command.DryRun ? change => output.WriteLine($"{Sign(change.Kind)} {change.UserCode} {change.DisplayName} ({change.What})") : null;
        var result = await services.GetRequiredService<ImportRegister>().ExecuteAsync(
            new ImportRequest(RegisterSource.FromFile(command.File!), command.DryRun, command.DeactivateMissing),
            progress?.For("written"), listing, cancellationToken);
        progress?.End();
        var report = result.Value!;
        if (result.Outcome == Outcome.InvalidRegister)
        {
            foreach (var each in report.Errors)
            {
                await error.WriteLineAsync(each.Line > 0 ? $"line {each.Line}: {each.Message}" : each.Message);
            }

            await error.WriteLineAsync($"{report.Errors.Count} error(s): nothing was written.");
            return InvalidFile;
        }

        var verb = command.DryRun ? "would be" : "were";
        await output.WriteLineAsync(
            $"{report.Lines} line(s): {report.Added} added, {report.Changed} changed, {report.Deactivated} deactivated, {report.Unchanged} unchanged"
            + (command.DryRun ? $" ({verb} written: dry run, nothing written)." : "."));
        return Done;
    }

    private static char Sign(ImportChangeKind kind) => kind switch
    {
        ImportChangeKind.Added => '+',
        ImportChangeKind.Changed => '~',
        _ => '-',
    };

    private static async Task<int> InviteAsync(
        IServiceProvider services, MembersArguments command, TextWriter output, ProgressLine? progress, CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<InviteMembers>().ExecuteAsync(command.NewOnly, progress?.For("queued"), cancellationToken);
        progress?.End();
        var report = result.Value!;
        await output.WriteLineAsync($"{report.Queued} invitation(s) queued; {report.Waiting} member(s) still to invite"
            + (report.Waiting > 0 ? $" (at most {report.HourlyLimit} an hour: run it again in an hour)." : "."));
        return Done;
    }

    /// <summary>One line rewritten in place; only on a terminal, so logs and redirected output stay clean.</summary>
    private sealed class ProgressLine(TextWriter output)
    {
        private bool _written;

        public IProgress<int> For(string what) => new Progress(count =>
        {
            output.Write($"\r{count} {what}…");
            _written = true;
        });

        public void End()
        {
            if (_written)
            {
                output.WriteLine();
            }
        }

        // Synchronous on purpose: Progress<T> would post to the thread pool and finish after the summary.
        private sealed class Progress(Action<int> report) : IProgress<int>
        {
            public void Report(int value) => report(value);
        }
    }
}
