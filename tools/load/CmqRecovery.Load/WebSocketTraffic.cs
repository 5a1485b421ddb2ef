using System.IO.Compression;
using Microsoft.Playwright;

namespace CmqRecovery.Load;

/// <summary>
/// The circuit's WebSocket traffic of one page, both directions: the frames' payload bytes as sent (the app
/// negotiates no compression), and what permessage-deflate with context takeover (Chromium's offer, Blazor's
/// default) would have made of the same messages: one deflate stream per socket and direction, sync-flushed per
/// message, its 4-byte tail dropped as RFC 7692 says. The price of the memory that compression costs, per recovery.
/// </summary>
internal sealed class WebSocketTraffic
{
    private readonly Lock _lock = new();
    private long _payload;
    private long _deflated;

    public WebSocketTraffic(IPage page) => page.WebSocket += (_, socket) =>
    {
        var received = new Deflater();
        var sent = new Deflater();
        socket.FrameReceived += (_, frame) => Add(received, frame);
        socket.FrameSent += (_, frame) => Add(sent, frame);
    };

    public long PayloadBytes { get { lock (_lock) { return _payload; } } }

    public long DeflatedBytes { get { lock (_lock) { return _deflated; } } }

    private void Add(Deflater deflater, IWebSocketFrame frame)
    {
        var bytes = frame.Binary ?? System.Text.Encoding.UTF8.GetBytes(frame.Text ?? string.Empty);
        lock (_lock)
        {
            _payload += bytes.Length;
            _deflated += deflater.MessageBytes(bytes);
        }
    }

    private sealed class Deflater
    {
        private readonly MemoryStream _output = new();
        private readonly DeflateStream _stream;

        public Deflater() => _stream = new DeflateStream(_output, CompressionLevel.Optimal, leaveOpen: true);

        public long MessageBytes(byte[] message)
        {
            var before = _output.Length;
            _stream.Write(message);
            _stream.Flush(); // Z_SYNC_FLUSH: ends in 00 00 FF FF, which the extension strips
            return _output.Length - before - 4;
        }
    }
}
