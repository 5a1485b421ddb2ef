using CmqRecovery.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Register;

/// <summary>
/// One register run (members import or members invite) at a time against a database, from any node or process: two
/// invite runs would each count the same hour's budget and pick the same members; two imports would hand out the same
/// ordinals. A second run does not wait: it stops at once with <see cref="RegisterBusyException"/> (exit code 2), so a
/// scheduled run never piles up behind a long one, and the operator sees why.
/// PostgreSQL: a session advisory lock (for this schema), held by one connection for the run and released with it
/// (also when the process dies). SQLite: the database is one file on one machine, so an exclusive lock on a file beside it, released by the
/// operating system when the process ends; no schema change, no lease to expire.
/// </summary>
public sealed class RegisterRunLock(IDbContextFactory<RecoveryDbContext> dbFactory)
{
    /// <summary>
    /// The advisory lock's first key ("REGI" as 4 ASCII bytes); the second is the schema's hash, since advisory locks
    /// are per database and several installations (or test runs) may each have a schema in one database. Two schemas
    /// whose hashes collide would only make one wait for the other's run: a false "busy", never a missed one.
    /// </summary>
    internal const int AdvisoryKey = 0x5245_4749;

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken = default)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                var acquired = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({AdvisoryKey}, hashtext(current_schema())) AS \"Value\"")
                    .SingleAsync(cancellationToken);
                if (!acquired)
                {
                    throw new RegisterBusyException();
                }

                return new Advisory(db);
            }

            var file = LockFileOf(db.Database.GetConnectionString());
            await db.DisposeAsync();
            return file is null ? new Nothing() : new FileLock(OpenExclusive(file));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private static string? LockFileOf(string? connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        // A private in-memory database has no other run to meet.
        return string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetFullPath(source) + ".register.lock";
    }

    private static FileStream OpenExclusive(string path)
    {
        try
        {
            // FileShare.None is an exclusive, non-blocking flock on Unix and a share lock on Windows.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException)
        {
            throw new RegisterBusyException();
        }
    }

    private sealed class Advisory(RecoveryDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Explicitly: a pooled connection would otherwise keep the session, and the lock, after the run.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({AdvisoryKey}, hashtext(current_schema()))");
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
                await db.DisposeAsync();
            }
        }
    }

    private sealed class FileLock(FileStream file) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => file.DisposeAsync();
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Another members import or invite is running against the same database.</summary>
public sealed class RegisterBusyException() : InvalidOperationException(
    "another members import or members invite is running against this database; run this one again when it has ended");
