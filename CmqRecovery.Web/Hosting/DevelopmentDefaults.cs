using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Web.Dev;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Hosting;

/// <summary>What `dotnet run` needs on a fresh machine with no configuration: mail and links that work locally.</summary>
public static class DevelopmentDefaults
{
    public static IServiceCollection AddDevelopmentDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        // Links point at this app's own address unless Recovery:PublicBaseUrl says otherwise.
        services.AddSingleton<IPostConfigureOptions<RecoveryOptions>, OwnAddressAsPublicBaseUrl>();

        // No Smtp:Host: mail goes through MailKit to an SMTP server inside the app, listed at /dev/courriels.
        if (string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:{nameof(SmtpOptions.Host)}"]))
        {
            services.TryAddSingleton<DevMailbox>(sp => new DevMailbox(sp.GetService<TimeProvider>()));
            services.TryAddSingleton<EmbeddedSmtp>();
            services.AddSingleton<IPostConfigureOptions<SmtpOptions>, UseEmbeddedSmtp>();
            // Registered before the outbox sender would need it, and started by the first options read anyway.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<EmbeddedSmtp>()));
        }

        return services;
    }
}

/// <summary>The embedded server, started once, whichever comes first: the host, or the first read of SmtpOptions.</summary>
internal sealed class EmbeddedSmtp(DevMailbox mailbox, ILogger<EmbeddedSmtpServer> logger) : IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private EmbeddedSmtpServer? _server;
    private bool _stopped;

    /// <summary>Blocks at most once, at start-up: options are built once, so the port they carry must be the real one.</summary>
    public int Port => EnsureStarted().Port;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>Stops once, however many times the host and the container ask (it is registered twice).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        EmbeddedSmtpServer? server;
        lock (_lock)
        {
            server = _server;
            _server = null;
            _stopped = true;
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private EmbeddedSmtpServer EnsureStarted()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_server is null)
            {
                var server = new EmbeddedSmtpServer(mailbox, port: 0, logger);
                server.StartAsync().GetAwaiter().GetResult();
                _server = server;
            }

            return _server;
        }
    }
}

internal sealed class UseEmbeddedSmtp(EmbeddedSmtp smtp) : IPostConfigureOptions<SmtpOptions>
{
    public void PostConfigure(string? name, SmtpOptions options)
    {
        options.Host = EmbeddedSmtpServer.Host;
        options.Port = smtp.Port;
        options.Security = SmtpSecurity.None;
        options.UserName = null;
        options.Password = null;
    }
}
