using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Core.Data;

/// <summary>The one place that knows which engine is behind <see cref="RecoveryDbContext"/>.</summary>
public static class RecoveryDataServiceCollectionExtensions
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringName = "Recovery";
    public const string DefaultSqliteConnectionString = "Data Source=cmqrecovery.db";

    /// <summary>
    /// Registers <see cref="IDbContextFactory{RecoveryDbContext}"/> (and a scoped context for Data Protection) over the
    /// configured provider. Contexts are pooled: every step of every circuit creates several, and a pooled one skips
    /// building its internal services each time. Throws, naming the key, when the provider is unknown or PostgreSQL has no connection string.
    /// </summary>
    public static IServiceCollection AddRecoveryData(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = ReadProvider(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        switch (provider)
        {
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"{ProviderKey} is PostgreSql but ConnectionStrings:{ConnectionStringName} (ConnectionStrings__{ConnectionStringName}) is empty.");
                }

                services.AddPooledDbContextFactory<PostgreSqlRecoveryDbContext>(options => UsePostgreSql(options, connectionString));
                return AddBaseContext<PostgreSqlRecoveryDbContext>(services);
            default:
                services.AddPooledDbContextFactory<SqliteRecoveryDbContext>(options => UseSqlite(options, connectionString ?? DefaultSqliteConnectionString));
                return AddBaseContext<SqliteRecoveryDbContext>(services);
        }
    }

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"{ProviderKey} is \"{value}\"; use Sqlite or PostgreSql.");
    }

    internal static void UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString);

    /// <param name="maxRetryCount">Tests lower it to see a final failure; the app keeps the default.</param>
    internal static void UsePostgreSql(DbContextOptionsBuilder options, string connectionString, int maxRetryCount = PostgreSqlRetries.MaxRetryCount) =>
        options.UseNpgsql(connectionString, npgsql => PostgreSqlRetries.Configure(options, npgsql, maxRetryCount));

    private static IServiceCollection AddBaseContext<TContext>(IServiceCollection services)
        where TContext : RecoveryDbContext
    {
        services.AddSingleton<IDbContextFactory<RecoveryDbContext>, BaseContextFactory<TContext>>();
        services.AddScoped<RecoveryDbContext>(provider => provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Hands out the provider's context as the shared type every use case asks for.</summary>
    private sealed class BaseContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<RecoveryDbContext>
        where TContext : RecoveryDbContext
    {
        public RecoveryDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<RecoveryDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
