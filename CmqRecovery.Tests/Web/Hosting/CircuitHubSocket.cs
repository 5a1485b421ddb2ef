using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// A connection to the circuit hub as a browser opens one, from a chosen loopback address and with a chosen Origin:
/// the WebSocket on <c>/_blazor</c>, then SignalR's handshake for Blazor's protocol. After the handshake the node has
/// counted the connection (or refused it); a circuit would start with the next message.
/// </summary>
public sealed class CircuitHubSocket : IDisposable
{
    private const string Handshake = "{\"protocol\":\"blazorpack\",\"version\":1}\u001e";

    private readonly HttpMessageInvoker _invoker;

    private CircuitHubSocket(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        Socket = socket;
        _invoker = invoker;
    }

    public ClientWebSocket Socket { get; }

    /// <summary>Opens the WebSocket (no handshake yet); a refusal surfaces as <see cref="Refused"/>'s status.</summary>
    public static async Task<(CircuitHubSocket? Hub, HttpStatusCode Status)> OpenAsync(string baseUrl, string fromAddress, string? origin)
    {
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            // Through the test proxy (MultiNode), whose certificate is self-signed.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(fromAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });
        var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            client.Options.SetRequestHeader("Origin", origin);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.ConnectAsync(new Uri($"{baseUrl.Replace("http", "ws", StringComparison.Ordinal)}/_blazor"), invoker, timeout.Token);
            return (new CircuitHubSocket(client, invoker), client.HttpStatusCode);
        }
        catch (WebSocketException)
        {
            var status = client.HttpStatusCode;
            client.Dispose();
            invoker.Dispose();
            return (null, status);
        }
    }

    /// <summary>Sends SignalR's handshake and reads the node's answer ("{}" when it accepts the protocol).</summary>
    public async Task<string> HandshakeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Socket.SendAsync(Encoding.UTF8.GetBytes(Handshake), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[1024];
        var received = new StringBuilder();
        while (!received.ToString().Contains('\u001e', StringComparison.Ordinal))
        {
            var result = await Socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        return received.ToString().TrimEnd('\u001e');
    }

    /// <summary>Waits for the node to end the connection (it sends nothing else before a ping, 15 s after the
    /// handshake). Not cancellable: cancelling a receive would abort the socket from this side.</summary>
    public async Task EndedByNodeAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while ((await Socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // Aborted rather than closed: ended all the same.
        }
    }

    /// <summary>Whether the node has ended this connection by now: a close it sent is already waiting to be read.
    /// Reading with a short timeout aborts a connection still open, so call it last.</summary>
    public async Task<bool> EndedAlreadyAsync()
    {
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var buffer = new byte[1024];
        try
        {
            while ((await Socket.ReceiveAsync(buffer, soon.Token)).MessageType != WebSocketMessageType.Close)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (WebSocketException) when (!soon.IsCancellationRequested)
        {
            return true;
        }
    }

    public async Task CloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    public void Dispose()
    {
        Socket.Dispose();
        _invoker.Dispose();
    }
}
