using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CmqRecovery.Core.Data;

/// <summary>The embedded default (a file next to the app). Migrations in Data/Migrations/Sqlite.</summary>
public sealed class SqliteRecoveryDbContext(DbContextOptions<SqliteRecoveryDbContext> options) : RecoveryDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset; store UTC instants as orderable integers there.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
