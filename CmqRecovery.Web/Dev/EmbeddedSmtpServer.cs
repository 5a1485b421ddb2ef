using System.Buffers;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CmqRecovery.Web.Dev;

/// <summary>
/// An SMTP server on 127.0.0.1 that files every message into a <see cref="DevMailbox"/>: Development's mail
/// and the tests' real SMTP peer. No TLS, no authentication, loopback only. Port 0 picks a free port;
/// <see cref="Port"/> gives the bound one once <see cref="StartAsync"/> has returned.
/// Usable as a hosted service: register the instance and add it with AddHostedService(sp => ...).
/// </summary>
public sealed class EmbeddedSmtpServer : IHostedService, IAsyncDisposable
{
    public const string Host = "127.0.0.1";

    private readonly int _requestedPort;
    private readonly ILogger _logger;
    private readonly IMailboxFilter? _filter;
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    /// <param name="filter">Decides which senders and recipients are accepted (the tests' refusing relay); default: all.</param>
    public EmbeddedSmtpServer(DevMailbox mailbox, int port = 0, ILogger<EmbeddedSmtpServer>? logger = null, IMailboxFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        Mailbox = mailbox;
        _requestedPort = port;
        Port = port;
        _logger = logger ?? NullLogger<EmbeddedSmtpServer>.Instance;
        _filter = filter;
    }

    public DevMailbox Mailbox { get; }

    /// <summary>The listening port once started (the requested one before).</summary>
    public int Port { get; private set; }

    public bool IsRunning => _running is { IsCompleted: false };

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException("The SMTP server is already started.");
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, _requestedPort))
                .AllowUnsecureAuthentication(true)
                .AuthenticationRequired(false))
            .Build();

        // The listener factory reports the socket actually bound, which is how port 0 becomes a real port.
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new MailboxStore(Mailbox, _logger));
        if (_filter is not null)
        {
            services.Add(_filter);
        }

        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = Task.Run(() => _server.StartAsync(_stop.Token), CancellationToken.None);

        var first = await Task.WhenAny(listening.Task, _running).WaitAsync(cancellationToken);
        if (first != listening.Task)
        {
            var failed = _running;
            _stop.Dispose();
            (_server, _stop, _running) = (null, null, null);
            await failed; // Rethrows why it could not listen (e.g. the port is taken).
            throw new InvalidOperationException("The SMTP server stopped before listening.");
        }

        Port = await listening.Task;
        _logger.LogInformation("Embedded SMTP server listening on {Host}:{Port}.", Host, Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_server is null || _stop is null || _running is null)
        {
            return;
        }

        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Expected: the stop token ends the listener.
        }

        _stop.Dispose();
        _server = null;
        _stop = null;
        _running = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class MailboxStore(DevMailbox mailbox, ILogger logger) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            try
            {
                using var stream = new MemoryStream(buffer.ToArray(), writable: false);
                var message = await MimeMessage.LoadAsync(stream, cancellationToken);
                mailbox.Add(message);
                return SmtpResponse.Ok;
            }
            catch (FormatException ex)
            {
                logger.LogWarning(ex, "Embedded SMTP server received an unreadable message.");
                return SmtpResponse.TransactionFailed;
            }
        }
    }
}
