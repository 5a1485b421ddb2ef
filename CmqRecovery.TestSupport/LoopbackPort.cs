using System.Net;
using System.Net.Sockets;

namespace CmqRecovery.TestSupport;

public static class LoopbackPort
{
    /// <summary>
    /// A loopback port nothing listens on right now: for a server whose address must be known before it starts (a
    /// mailed link names it), or for "nothing answers there" tests.
    /// </summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// A loopback port kept bound, and not listening, until disposed: connections to it are refused, and no other
    /// test's server can take it meanwhile (a port from <see cref="Free"/> can be handed to the next server that
    /// binds port 0, which turned a "relay down" test's refused connection into a delivered mail).
    /// </summary>
    public static Socket Hold(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }
}
