using Npgsql;

namespace CmqRecovery.TestSupport;

/// <summary>
/// Where the PostgreSQL tests find their server: CMQ_TEST_POSTGRES (a base connection string for a role with
/// CREATEDB), else the local default below. Each test gets its own schema in one database made for the tests.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string EnvironmentVariable = "CMQ_TEST_POSTGRES";
    public const string DefaultConnectionString = "Host=127.0.0.1;Username=cmq;Password=cmq;Database=postgres";

    /// <summary>The database that holds one schema per running test (made on first use).</summary>
    public const string TestsDatabase = "cmqrecovery_tests";

    private static readonly Lazy<string?> ProbeFailure = new(Probe);
    private static readonly SemaphoreSlim DatabaseGate = new(1, 1);
    private static bool _databaseReady;

    public static string BaseConnectionString { get; } =
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : DefaultConnectionString;

    public static bool Available => ProbeFailure.Value is null;

    /// <summary>Why the PostgreSQL tests do not run, naming the server but never the password.</summary>
    public static string UnavailableHint
    {
        get
        {
            var server = new NpgsqlConnectionStringBuilder(BaseConnectionString);
            return $"PostgreSQL is not reachable as {server.Username}@{server.Host}:{server.Port} ({ProbeFailure.Value}): "
                + $"start it and set {EnvironmentVariable} to a connection string of a role with CREATEDB to run the PostgreSQL tests (README, Test).";
        }
    }

    /// <summary>A connection string into the tests' database whose search path is <paramref name="schema"/>.</summary>
    public static string ConnectionStringFor(string schema) => new NpgsqlConnectionStringBuilder(BaseConnectionString)
    {
        Database = TestsDatabase,
        SearchPath = schema,
        IncludeErrorDetail = true,
        // A test database need not survive a server crash: commits stop waiting for the disk (isolation is unchanged).
        Options = "-c synchronous_commit=off",
    }.ConnectionString;

    /// <summary>Makes the tests' database once per run (several test processes may race: the loser finds it made).</summary>
    public static async Task EnsureTestsDatabaseAsync()
    {
        if (!Available)
        {
            // Only reached under CI=true (elsewhere the test was skipped): fail with the same hint.
            throw new InvalidOperationException(UnavailableHint);
        }

        await DatabaseGate.WaitAsync();
        try
        {
            if (_databaseReady)
            {
                return;
            }

            await using var connection = new NpgsqlConnection(BaseConnectionString);
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", TestsDatabase);
            if (await exists.ExecuteScalarAsync() is null)
            {
                try
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{TestsDatabase}\"", connection);
                    await create.ExecuteNonQueryAsync();
                }
                catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
                {
                    // Another test process made it meanwhile.
                }
            }

            _databaseReady = true;
        }
        finally
        {
            DatabaseGate.Release();
        }
    }

    /// <summary>Runs one statement in the tests' database (schema creation and removal).</summary>
    public static async Task ExecuteAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = TestsDatabase };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string? Probe()
    {
        try
        {
            // Generous: an absent server refuses at once; a present one on a loaded machine may take seconds to answer,
            // and a false "absent" would skip (or, under CI, fail) every PostgreSQL test.
            var builder = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Timeout = 30, CommandTimeout = 30, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            return ex.Message;
        }
    }
}
