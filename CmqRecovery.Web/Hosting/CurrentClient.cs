using CmqRecovery.Core.Security;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// Who is on the other end of this circuit, for the use cases' audit and language. The IP is the connection's
/// own, or the one a known proxy forwarded (see <see cref="KnownProxies"/>).
/// </summary>
public sealed class CurrentClient
{
    public string? IpAddress { get; set; }

    public ClientContext Context => new(IpAddress, Cultures.Current);
}

/// <summary>Reads the IP from the circuit's connection when it opens and whenever it reconnects.</summary>
internal sealed class ClientCircuitHandler(CurrentClient client, IHttpContextAccessor accessor) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Capture();
        return Task.CompletedTask;
    }

    private void Capture()
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } ip)
        {
            client.IpAddress = ip.ToString();
        }
    }
}
