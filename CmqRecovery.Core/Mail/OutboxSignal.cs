using System.Threading.Channels;

namespace CmqRecovery.Core.Mail;

/// <summary>Lets a use case wake the sender right after its commit instead of waiting for the next poll.</summary>
public sealed class OutboxSignal
{
    // One pending signal is enough: a pass delivers everything due, however many wakes came before it.
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Returns when notified or after <paramref name="timeout"/> on <paramref name="time"/>'s clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notified = _channel.Reader.WaitToReadAsync(stop.Token).AsTask();
        var elapsed = Task.Delay(timeout, time, stop.Token);
        await Task.WhenAny(notified, elapsed);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        _channel.Reader.TryRead(out _);
    }
}
