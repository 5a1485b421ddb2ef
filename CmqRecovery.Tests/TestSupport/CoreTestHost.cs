using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// The real Core services over a fresh, migrated database of the given provider (<see cref="TestDatabase"/>), with a
/// fake clock. One per test. Hashing uses fewer PBKDF2 iterations than production so the suite stays fast; the
/// production count has its own test.
/// </summary>
public sealed class CoreTestHost : IAsyncDisposable
{
    private readonly bool _ownsDatabase;

    private CoreTestHost(ServiceProvider services, TestDatabase database, bool ownsDatabase)
    {
        Services = services;
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    public ServiceProvider Services { get; }

    public TestDatabase Database { get; }

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A host over its own new database, removed when the host is disposed.</summary>
    public static async Task<CoreTestHost> StartAsync(
        DatabaseProvider provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        // As the app's CommonPasswordsWarmup does at start (hosted services do not run here): once per test run,
        // so no test's first password check waits for the blocklist to be read.
        await Task.Run(() => CommonPasswords.Count);
        var database = await TestDatabase.CreateAsync(provider);
        try
        {
            return await StartAsync(database, settings, configure, ownsDatabase: true);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>A host over a database the caller keeps (e.g. two hosts in turn, as across a restart).</summary>
    public static Task<CoreTestHost> StartAsync(
        TestDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        StartAsync(database, settings, configure, ownsDatabase: false);

    private static async Task<CoreTestHost> StartAsync(
        TestDatabase database, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure, bool ownsDatabase)
    {
        var services = await CoreServices.StartAsync(
            TestHostSettings.For(database, settings), new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 14, 0, 0, TimeSpan.Zero)),
            services =>
            {
                services.AddRecoveryLinks(); // as the web app does
                configure?.Invoke(services);
            });
        return new CoreTestHost(services, database, ownsDatabase);
    }

    public RecoveryDbContext NewDbContext() =>
        Get<IDbContextFactory<RecoveryDbContext>>().CreateDbContext();

    /// <summary>Enrols one of the README's demo members (by index) with the real use case.</summary>
    public Task<Member> AddDemoMemberAsync(int index = 0) =>
        Get<CreateMember>().ExecuteAsync(DemoMembers.All[index]);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
