using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// What a page did lately, as the browser saw it: navigations, requests and how they ended, the circuit's WebSocket
/// and its frames, console errors, load events. A failing step adds it to its message, so a run that fails once on
/// CI says whether a click left the browser, a request hung or the circuit went quiet, instead of only "not visible".
/// </summary>
public sealed class PageEventLog
{
    private const int Kept = 120;
    private static readonly ConditionalWeakTable<IPage, PageEventLog> Logs = [];
    private readonly Queue<string> _events = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private PageEventLog(IPage page)
    {
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                Add($"navigated {frame.Url}");
            }
        };
        page.Load += (_, _) => Add("load");
        page.Request += (_, request) => Add($"→ {request.Method} {Path(request.Url)}");
        page.RequestFinished += (_, request) => Add($"← {request.Method} {Path(request.Url)}");
        page.RequestFailed += (_, request) => Add($"✗ {request.Method} {Path(request.Url)} {request.Failure}");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Add($"console {message.Type}: {message.Text}");
            }
        };
        page.WebSocket += (_, socket) =>
        {
            var sent = 0;
            var received = 0;
            Add($"websocket open {Path(socket.Url)}");
            socket.FrameSent += (_, _) => Add($"websocket frame sent #{Interlocked.Increment(ref sent)}");
            socket.FrameReceived += (_, _) => Add($"websocket frame received #{Interlocked.Increment(ref received)}");
            socket.SocketError += (_, error) => Add($"websocket error {error}");
            socket.Close += (_, _) => Add("websocket closed");
        };
    }

    /// <summary>Starts logging a page; the log lives as long as the page.</summary>
    public static void Attach(IPage page) => Logs.GetValue(page, p => new PageEventLog(p));

    /// <summary>The page's recent events, or a note that nobody logged it.</summary>
    public static string Describe(IPage page) =>
        Logs.TryGetValue(page, out var log) ? log.ToString() : "(no event log attached to this page)";

    public override string ToString()
    {
        lock (_events)
        {
            return $"Last {_events.Count} browser events (ms since the page opened):\n" + string.Join("\n", _events);
        }
    }

    private void Add(string what)
    {
        lock (_events)
        {
            _events.Enqueue($"{_clock.ElapsedMilliseconds,7} {what}");
            if (_events.Count > Kept)
            {
                _events.Dequeue();
            }
        }
    }

    // The reset link's path carries a token; the log never shows more than its route.
    private static string Path(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? (uri.AbsolutePath.StartsWith("/reinitialisation/", StringComparison.Ordinal) ? "/reinitialisation/…" : uri.PathAndQuery)
            : url;
}
