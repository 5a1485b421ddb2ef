using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Data;

/// <summary>
/// The shared engine for several nodes. DateTimeOffset maps to <c>timestamp with time zone</c> (UTC only, which is
/// all the app writes). Migrations in Data/Migrations/PostgreSql.
/// </summary>
public sealed class PostgreSqlRecoveryDbContext(DbContextOptions<PostgreSqlRecoveryDbContext> options) : RecoveryDbContext(options);
