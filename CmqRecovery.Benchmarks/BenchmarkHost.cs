using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CmqRecovery.Benchmarks;

/// <summary>The real Core with production hashing cost, over a SQLite file seeded with the demo members.</summary>
internal sealed class BenchmarkHost : IAsyncDisposable
{
    public const string CaptchaCode = "12345";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"cmqrecovery-bench-{Guid.NewGuid():N}.db");

    public ServiceProvider Services { get; private set; } = null!;

    public static async Task<BenchmarkHost> StartAsync()
    {
        var host = new BenchmarkHost();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Recovery"] = $"Data Source={host._path}",
            ["Captcha:TestCode"] = CaptchaCode,
            ["Recovery:PublicBaseUrl"] = "https://recuperation.bench",
            // Production cost: the point is to compare paths at the real KDF price.
            ["Hashing:Iterations"] = "210000",
            // Benchmarks repeat failures far past the limits; keep the paths under test open.
            ["Recovery:FailuresBeforeSuspension"] = "1000000000",
            ["Recovery:MemberFailuresPerDay"] = "1000000000",
            ["SignIn:CaptchaAfterFailures"] = "1000000000",
            ["SignIn:LockAfterFailures"] = "1000000000",
            // The per-IP limits too: every benchmark call comes from one client.
            ["RateLimits:Captcha:PermitLimit"] = "1000000",
            ["RateLimits:Identify:PermitLimit"] = "1000000",
            ["RateLimits:AnswerCheck:PermitLimit"] = "1000000",
            ["RateLimits:LinkOpen:PermitLimit"] = "1000000",
        }).Build();

        var services = new ServiceCollection();
        services.AddLogging();
        // Testing: the only environment, with Development, where the captcha test code is honoured.
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = TestShortcuts.TestingEnvironment });
        services.AddRecoveryCore(configuration);
        host.Services = services.BuildServiceProvider();
        await RecoveryDatabase.InitializeAsync(host.Services, seedDemoMembers: true);
        return host;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
