using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CmqRecovery.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add --context SqliteRecoveryDbContext</c> build the model without the web host.</summary>
internal sealed class SqliteDesignTimeDbContextFactory : IDesignTimeDbContextFactory<SqliteRecoveryDbContext>
{
    public SqliteRecoveryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteRecoveryDbContext>();
        RecoveryDataServiceCollectionExtensions.UseSqlite(options, RecoveryDataServiceCollectionExtensions.DefaultSqliteConnectionString);
        return new(options.Options);
    }
}

/// <summary>Same for <c>--context PostgreSqlRecoveryDbContext</c>; adding a migration never connects.</summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlRecoveryDbContext>
{
    public PostgreSqlRecoveryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlRecoveryDbContext>();
        RecoveryDataServiceCollectionExtensions.UsePostgreSql(options, "Host=localhost;Database=cmqrecovery");
        return new(options.Options);
    }
}
