using System.Net;
using System.Net.Sockets;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// An HTTP client whose connections leave from a chosen loopback address (127.0.0.x), so a real Kestrel sees
/// distinct client IPs without leaving the machine. Cookies are kept, as a browser would, unless
/// <c>cookies</c> is false (a test that reads every Set-Cookie header as sent).
/// </summary>
public static class LoopbackClient
{
    public static HttpClient From(string localAddress, string baseUrl, bool cookies = true)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    }
}
