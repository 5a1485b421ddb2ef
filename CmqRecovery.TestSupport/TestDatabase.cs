using System.Text;
using CmqRecovery.Core.Data;
using Npgsql;

namespace CmqRecovery.TestSupport;

/// <summary>
/// One empty database for one test: a fresh SQLite file, or a fresh schema in the PostgreSQL tests' database.
/// Hosts (CoreTestHost, RecoveryWebFactory, RunningApp, the benchmarks' BenchmarkHost) migrate it at start-up as the app does; disposing removes it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _schema;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqlitePath, string? schema)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlitePath = sqlitePath;
        _schema = schema;
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The configuration that points the app at this database.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        [RecoveryDataServiceCollectionExtensions.ProviderKey] = Provider.ToString(),
        [$"ConnectionStrings:{RecoveryDataServiceCollectionExtensions.ConnectionStringName}"] = ConnectionString,
    };

    /// <param name="pooledSqlite">
    /// Keep SQLite's connection pool, as the app does (the benchmarks measure with it); tests turn it off so that no
    /// connection outlives the test.
    /// </param>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string label = "test", bool pooledSqlite = false)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"cmqrecovery-{label}-{Guid.NewGuid():N}.db");
            return new TestDatabase(provider, pooledSqlite ? $"Data Source={path}" : $"Data Source={path};Pooling=False", path, null);
        }

        await PostgreSqlTestServer.EnsureTestsDatabaseAsync();
        var schema = $"{label}_{Guid.NewGuid():N}".ToLowerInvariant();
        await PostgreSqlTestServer.ExecuteAsync($"CREATE SCHEMA \"{schema}\"");
        return new TestDatabase(provider, PostgreSqlTestServer.ConnectionStringFor(schema), null, schema);
    }

    /// <summary>
    /// Everything stored, as bytes: the SQLite file with its journals, or every row of every table of the schema as
    /// text. For tests that a secret is stored nowhere in clear.
    /// </summary>
    public async Task<byte[]> ReadEverythingStoredAsync()
    {
        if (_sqlitePath is not null)
        {
            var bytes = new List<byte>();
            foreach (var file in new[] { "", "-wal", "-journal" }.Select(s => _sqlitePath + s).Where(File.Exists))
            {
                bytes.AddRange(await File.ReadAllBytesAsync(file));
            }

            return [.. bytes];
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Makes the database refuse every insert into <paramref name="table"/>, to fail a transaction midway.</summary>
    public async Task RefuseInsertsIntoAsync(string table)
    {
        string[] statements = Provider == DatabaseProvider.Sqlite
            ? [$"CREATE TRIGGER refuse_{table} BEFORE INSERT ON \"{table}\" BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"]
            :
            [
                "CREATE FUNCTION refuse_by_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$;",
                $"CREATE TRIGGER refuse_{table} BEFORE INSERT ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION refuse_by_test();",
            ];
        await using var connection = Provider == DatabaseProvider.Sqlite
            ? (System.Data.Common.DbConnection)new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString)
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString))
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
            }

            foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            {
                File.Delete(_sqlitePath + suffix);
            }

            return;
        }

        // Idle pooled connections of this test would otherwise hold server slots until they time out.
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await PostgreSqlTestServer.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
    }
}
