using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// Identify's lookup of one member by email or by user code among 50,000, exactly as IdentifyMember queries
/// (a fresh context from the factory, no tracking, single or default). One lookup per iteration, so the
/// percentile columns describe single lookups; the target is p99 ≤ 1 ms.
/// </summary>
[Config(typeof(Columns))]
[InvocationCount(1, 1)]
[IterationCount(300)]
[WarmupCount(20)]
public class MemberLookupBenchmarks
{
    public const int MemberCount = 50_000;
    private BenchmarkHost _host = null!;
    private IDbContextFactory<RecoveryDbContext> _contexts = null!;
    private int _next;

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(StatisticColumn.Median, StatisticColumn.P95, new P99Column(), StatisticColumn.Max);
    }

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchmarkHost.StartAsync().GetAwaiter().GetResult();
        _contexts = _host.Get<IDbContextFactory<RecoveryDbContext>>();
        SeedAsync().GetAwaiter().GetResult();
        using var db = _contexts.CreateDbContext();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        // Printed into the BenchmarkDotNet log: both lookups must be index searches, not scans.
        foreach (var column in new[] { "NormalizedEmail", "UserCode" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"EXPLAIN QUERY PLAN SELECT * FROM Members WHERE {column} = 'X'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                Console.WriteLine($"// Plan for {column}: {reader.GetString(3)}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<Member?> ByEmail()
    {
        var email = $"membre{NextIndex()}@example.org";
        await using var db = await _contexts.CreateDbContextAsync();
        return await MemberLookup.FindByNormalizedEmailAsync(db, Member.NormalizeEmail(email));
    }

    [Benchmark]
    public async Task<Member?> ByUserCode()
    {
        var code = Code(NextIndex());
        await using var db = await _contexts.CreateDbContextAsync();
        return await MemberLookup.FindByUserCodeAsync(db, code);
    }

    /// <summary>Spread over the table, so the page cache is not always warm for the same row.</summary>
    private int NextIndex() => _next = (_next + 7_919) % MemberCount;

    /// <summary>Student codes (E and eight digits) from E20000000: clear of the demo members' codes.</summary>
    private static string Code(int index) => "E" + (20_000_000 + index).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task SeedAsync()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = TimeProvider.System.GetUtcNow();
        var ordinal = await db.Members.MaxAsync(m => (int?)m.Ordinal) ?? 0;
        for (var i = 0; i < MemberCount; i++)
        {
            var email = $"membre{i}@example.org";
            db.Members.Add(new Member
            {
                Id = Guid.NewGuid(),
                DisplayName = $"Membre {i}",
                Kind = MemberKind.Student,
                UserCode = Code(i),
                Email = email,
                NormalizedEmail = Member.NormalizeEmail(email),
                // Lookups never verify it; hashing 50,000 real passwords would take hours at the production cost.
                PasswordHash = "not-a-hash",
                SecurityStamp = Guid.NewGuid().ToString("N"),
                CreatedAt = now,
                UpdatedAt = now,
                Ordinal = ++ordinal,
            });
        }

        await db.SaveChangesAsync();
    }
}
