using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Data;
using CmqRecovery.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// The real Core with production hashing cost, over a SQLite file seeded with the demo members: the tests' database and
/// settings (the CmqRecovery.TestSupport library), with the benchmarks' own values on top.
/// </summary>
internal sealed class BenchmarkHost : IAsyncDisposable
{
    private BenchmarkHost(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    /// <param name="provider">SQLite by default; PostgreSQL from CMQ_TEST_POSTGRES, as the tests find it.</param>
    /// <param name="settings">The benchmark's own values, over the host's.</param>
    /// <param name="seedDemoMembers">False for a database with no member (the register import's).</param>
    public static async Task<BenchmarkHost> StartAsync(
        DatabaseProvider provider = DatabaseProvider.Sqlite, IEnumerable<KeyValuePair<string, string?>>? settings = null, bool seedDemoMembers = true)
    {
        var database = await TestDatabase.CreateAsync(provider, "bench", pooledSqlite: true);
        try
        {
            var all = TestHostSettings.For(database, new Dictionary<string, string?>
            {
                ["Recovery:PublicBaseUrl"] = "https://recuperation.bench",
                // Production cost: the point is to compare paths at the real KDF price.
                ["Hashing:Iterations"] = "210000",
                // Benchmarks repeat failures far past the limits; keep the paths under test open.
                ["Recovery:FailuresBeforeSuspension"] = "1000000000",
                ["Recovery:MemberFailuresPerDay"] = "1000000000",
                ["SignIn:CaptchaAfterFailures"] = "1000000000",
                ["SignIn:LockAfterFailures"] = "1000000000",
            }, settings);
            return new BenchmarkHost(database, await CoreServices.StartAsync(
                all, configure: s => s.AddSingleton<IRecoveryLinks, BenchmarkLinks>(), seedDemoMembers: seedDemoMembers));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Mailed links for the benchmarks, which never open them (the app's own, RecoveryLinks, lives in Web).</summary>
internal sealed class BenchmarkLinks : IRecoveryLinks
{
    public Uri ResetLink(string requestId, string token) => new($"https://recuperation.bench/r/{requestId}/{token}");

    public Uri SignIn => new("https://recuperation.bench/");

    public Uri Recovery => new("https://recuperation.bench/");
}
