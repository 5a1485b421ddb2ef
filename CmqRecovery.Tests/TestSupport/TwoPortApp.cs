using System.Globalization;
using CmqRecovery.Core.Data;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// The app on real loopback ports, a public one and a management one, both chosen free before start. Kestrel gets no
/// address of its own: it listens where the app's settings say, as in production. Its logs are captured.
/// </summary>
public sealed class TwoPortApp : IAsyncDisposable
{
    private readonly RecoveryWebFactory _factory;

    private TwoPortApp(RecoveryWebFactory factory, string publicUrl, string managementUrl, CapturedLogs logs)
    {
        _factory = factory;
        PublicUrl = publicUrl;
        ManagementUrl = managementUrl;
        Logs = logs;
    }

    public string PublicUrl { get; }

    public string ManagementUrl { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Applied in order over the ports; a later one wins (null removes a key).</param>
    public static async Task<TwoPortApp> StartAsync(
        DatabaseProvider provider, string environment, params IEnumerable<KeyValuePair<string, string?>>?[] settings)
    {
        var publicUrl = LoopbackUrl();
        var managementUrl = LoopbackUrl();
        var ports = new Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = publicUrl,
            [ManagementEndpoint.UrlsKey] = managementUrl,
        };
        var logs = new CapturedLogs();
        var factory = RecoveryWebFactory.Over(
            await TestDatabase.CreateAsync(provider, "ports"), environment, builder => builder.ConfigureLogging(l => l.AddProvider(logs)),
            [ports, .. settings]);
        try
        {
            factory.UseKestrel();
            factory.StartServer();
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }

        return new TwoPortApp(factory, publicUrl, managementUrl, logs);
    }

    public static string LoopbackUrl() => $"http://127.0.0.1:{LoopbackPort.Free().ToString(CultureInfo.InvariantCulture)}";

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
