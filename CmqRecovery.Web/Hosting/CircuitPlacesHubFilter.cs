using CmqRecovery.Core.Operations;
using CmqRecovery.Core.Throttling;
using Microsoft.AspNetCore.SignalR;

namespace CmqRecovery.Web.Hosting;

/// <summary>
/// The circuit hub's connection lifetime: a connection takes a place (<see cref="CircuitPlaces"/>) when it opens and
/// gives it back when it ends, whatever the transport. Refused, it is closed before it can start or reconnect a
/// circuit, so no circuit scope, renderer or component is ever built for it. This is the count that holds; the HTTP
/// check in front (<see cref="CircuitAdmission"/>) only spares the refused client the connection itself.
/// </summary>
/// <remarks>
/// Not a <c>CircuitHandler</c>: its hooks run once the circuit's services exist, and its only way to refuse is an
/// exception, which the framework logs as an error and shows as the error bar.
/// </remarks>
internal sealed class CircuitPlacesHubFilter(CircuitPlaces places, SharedRateLimiters clients, RecoveryMetrics metrics) : IHubFilter
{
    private static readonly object PlaceKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var client = clients.PartitionKey(context.Context.GetHttpContext()?.Connection.RemoteIpAddress);
        if (places.TryTake(client) is { } refusal)
        {
            // A metric, not a log line: a flood would otherwise write one line per attempt.
            metrics.Rejected(CircuitAdmission.LimitName(refusal));
            context.Context.Abort();
            return;
        }

        context.Context.Items[PlaceKey] = client;
        await next(context);
    }

    /// <summary>A refused connection is aborted, but a message it sent with its handshake may still be read: it
    /// starts nothing.</summary>
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next) =>
        invocationContext.Context.Items.ContainsKey(PlaceKey)
            ? next(invocationContext)
            : throw new HubException("No place for a circuit.");

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(PlaceKey, out var client))
            {
                places.Give((string)client!);
            }
        }
    }
}
