using System.Globalization;
using System.Net;
using CmqRecovery.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// The whole web app on a real Kestrel port, in this process, over a fresh database of the given provider, sending its mail to an
/// in-process SMTP server. Development environment, so the demo members are seeded. One per test: recoveries
/// change passwords, spend the mail cap and suspend members, so tests never share one.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly RecoveryWebFactory _factory;

    private readonly SmtpTestServer? _smtp;

    private RunningApp(RecoveryWebFactory factory, string baseUrl, SmtpTestServer? smtp, FakeTimeProvider? clock)
    {
        _factory = factory;
        _smtp = smtp;
        Clock = clock;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the browser goes, and the base of every mailed link.</summary>
    public string BaseUrl { get; }

    /// <summary>The test's SMTP server (absent when the app runs its own embedded one).</summary>
    public SmtpTestServer Smtp => _smtp ?? throw new InvalidOperationException("This app sends to its embedded SMTP server.");

    /// <summary>Errors the app logged: a page may show a polite message while the log holds the exception.</summary>
    public CapturedLogs Logs { get; private init; } = null!;

    /// <summary>The app's clock when started with <c>fakeClock</c>; it starts at the real now and only moves when told.</summary>
    public FakeTimeProvider? Clock { get; }

    public IServiceProvider Services => _factory.Services;

    public TestDatabase Database => _factory.Database;

    public RecoveryDbContext NewDbContext() => _factory.NewDbContext();

    /// <param name="settings">Extra configuration, e.g. <c>Recovery:LinkLifetime</c>.</param>
    /// <param name="fakeClock">Replace the app's <see cref="TimeProvider"/> with a <see cref="FakeTimeProvider"/>.</param>
    /// <param name="embeddedSmtp">Leave Smtp:Host empty, as `dotnet run` does: mail goes to the app's own server and /dev/courriels.</param>
    /// <param name="services">Replacements for the app's services, e.g. a hasher that blocks.</param>
    public static async Task<RunningApp> StartAsync(
        DatabaseProvider provider, IDictionary<string, string?>? settings = null, bool fakeClock = false, bool embeddedSmtp = false,
        Action<IServiceCollection>? services = null)
    {
        var smtp = embeddedSmtp ? null : await SmtpTestServer.StartAsync();
        var database = await TestDatabase.CreateAsync(provider, "app");

        // The mailed link must point at the real listening address, so the port is chosen before start.
        var port = LoopbackPort.Free();
        var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var clock = fakeClock ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        var appSettings = new Dictionary<string, string?>
        {
            ["Recovery:PublicBaseUrl"] = baseUrl,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };

        var logs = new CapturedLogs();
        var factory = RecoveryWebFactory.Over(database, "Development", builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
            if (clock is not null)
            {
                builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        }, smtp?.Settings, appSettings, settings);

        try
        {
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
            factory.StartServer();
        }
        catch
        {
            await factory.DisposeAsync();
            if (smtp is not null)
            {
                await smtp.DisposeAsync();
            }

            throw;
        }

        return new RunningApp(factory, baseUrl, smtp, clock) { Logs = logs };
    }

    public async ValueTask DisposeAsync()
    {
        // The factory removes the database too.
        await _factory.DisposeAsync();
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }
}
