using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CmqRecovery.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<RecoveryDbContext>
{
    public RecoveryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RecoveryDbContext>().UseSqlite(RecoveryCoreServiceCollectionExtensions.DefaultConnectionString).Options);
}
