using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
