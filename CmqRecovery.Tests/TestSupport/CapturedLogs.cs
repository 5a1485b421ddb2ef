using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>One log entry as a test sees it.</summary>
public sealed record CapturedLogEntry(LogLevel Level, string Category, int EventId, string Exception, string Message);

/// <summary>
/// Keeps what the app logs from <paramref name="minimumLevel"/> up (Error by default), so a test can show (or refuse)
/// a failure the page hid, or read the level an event was logged at.
/// </summary>
public sealed class CapturedLogs(LogLevel minimumLevel = LogLevel.Error) : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>Each Error or above, as one readable line for an assertion message.</summary>
    public IReadOnlyList<string> Errors =>
        [.. _entries.Where(e => e.Level >= LogLevel.Error)
            .Select(e => $"{e.Level} {e.Category}: {e.Message}{(e.Exception.Length == 0 ? "" : "\n" + e.Exception)}")];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, minimumLevel, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogLevel minimumLevel, ConcurrentQueue<CapturedLogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new CapturedLogEntry(logLevel, category, eventId.Id, exception?.ToString() ?? "", formatter(state, exception)));
            }
        }
    }
}
