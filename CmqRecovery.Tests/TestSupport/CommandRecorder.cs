using System.Collections.Concurrent;
using System.Data.Common;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// Records the SQL text of every command EF runs (parameters excluded): the shape of the work done. Only in the async
/// flow that turned <see cref="Recording"/> on, so work a use case hands off without its execution context (a notice
/// written after the response) is not counted as the request's.
/// </summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly AsyncLocal<bool> _recording = new();

    public bool Recording
    {
        get => _recording.Value;
        set => _recording.Value = value;
    }

    /// <summary>
    /// A Core host whose every command passes through a new recorder, for the parity tests (a member and an unknown
    /// identifier, a deactivated or unenrolled member and an unknown one: the same commands in the same order).
    /// </summary>
    public static async Task<(CoreTestHost Host, CommandRecorder Recorder)> StartHostAsync(DatabaseProvider provider)
    {
        var recorder = new CommandRecorder();
        // Each provider has its own context type behind IDbContextFactory<RecoveryDbContext>.
        var host = await CoreTestHost.StartAsync(provider, configure: s => s
            .ConfigureDbContext<SqliteRecoveryDbContext>(o => o.AddInterceptors(recorder))
            .ConfigureDbContext<PostgreSqlRecoveryDbContext>(o => o.AddInterceptors(recorder)));
        return (host, recorder);
    }

    /// <summary>The commands <paramref name="action"/> runs in its own flow, and what it returned.</summary>
    public async Task<(IReadOnlyList<string> Commands, T Result)> RecordAsync<T>(Func<Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Take();
        Recording = true;
        var result = await action();
        Recording = false;
        return (Take(), result);
    }

    public IReadOnlyList<string> Take()
    {
        var taken = new List<string>();
        while (_commands.TryDequeue(out var command))
        {
            taken.Add(command);
        }

        return taken;
    }

    private void Record(DbCommand command)
    {
        if (Recording)
        {
            _commands.Enqueue(command.CommandText);
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }
}
