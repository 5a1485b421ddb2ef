using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CmqRecovery.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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
    public const string CaptchaCode = "12345";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly TestDatabase _database;

    private readonly SmtpTestServer? _smtp;

    private RunningApp(WebApplicationFactory<Program> factory, string baseUrl, SmtpTestServer? smtp, TestDatabase database, FakeTimeProvider? clock)
    {
        _factory = factory;
        _smtp = smtp;
        _database = database;
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

    public TestDatabase Database => _database;

    public RecoveryDbContext NewDbContext() =>
        Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContext();

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
        var port = FreeTcpPort();
        var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var clock = fakeClock ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;

        var configuration = new Dictionary<string, string?>(smtp?.Settings ?? []);
        foreach (var (key, value) in CoreTestHost.RaisedRateLimits)
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Captcha:TestCode"] = CaptchaCode,
            ["Recovery:PublicBaseUrl"] = baseUrl,
            // Fewer PBKDF2 iterations keep seeding and each answer check fast; the production count has its own test.
            ["Hashing:Iterations"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        })
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in database.Settings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            configuration[key] = value;
        }

        var logs = new CapturedLogs();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in configuration)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.AddProvider(logs));
            if (clock is not null)
            {
                builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });

        try
        {
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
            factory.StartServer();
        }
        catch
        {
            await factory.DisposeAsync();
            await database.DisposeAsync();
            if (smtp is not null)
            {
                await smtp.DisposeAsync();
            }

            throw;
        }

        return new RunningApp(factory, baseUrl, smtp, database, clock) { Logs = logs };
    }

    private static int FreeTcpPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
