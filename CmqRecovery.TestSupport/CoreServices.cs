using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CmqRecovery.TestSupport;

/// <summary>
/// The real Core services as the app registers them, in the Testing environment, over a migrated database. Shared by
/// the tests' CoreTestHost and the benchmarks' BenchmarkHost.
/// </summary>
public static class CoreServices
{
    /// <param name="settings">Usually <see cref="TestHostSettings.For"/>.</param>
    /// <param name="time">The clock; null keeps the system's.</param>
    /// <param name="configure">Replacements, registered after Core's.</param>
    public static async Task<ServiceProvider> StartAsync(
        IEnumerable<KeyValuePair<string, string?>> settings, TimeProvider? time = null, Action<IServiceCollection>? configure = null,
        bool seedDemoMembers = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        // Testing: the only environment, with Development, where the captcha test code and cheap hashing are honoured.
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment
        {
            EnvironmentName = TestShortcuts.TestingEnvironment,
            ApplicationName = "CmqRecovery.Tests",
        });
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        services.AddSingleton<IConfiguration>(configuration);
        services.AddRecoveryCore(configuration);
        configure?.Invoke(services);

        var provider = services.BuildServiceProvider();
        try
        {
            await RecoveryDatabase.InitializeAsync(provider, seedDemoMembers);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return provider;
    }
}
