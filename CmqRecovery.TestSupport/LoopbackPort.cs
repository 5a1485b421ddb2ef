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
}
