using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Core.Data;

public static class RecoveryDatabase
{
    /// <summary>Applies the migrations; with <paramref name="seedDemoMembers"/>, fills an empty database with the demo members.</summary>
    public static async Task InitializeAsync(IServiceProvider services, bool seedDemoMembers, CancellationToken cancellationToken = default)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        // Make every key now, outside any use case's write transaction (see ConfirmEmail): the Data Protection key
        // first, then the installation keys it protects (a key stored in clear by an older version is protected here).
        services.GetRequiredService<OutboxProtector>().EnsureKey();
        var keys = services.GetRequiredService<ServerKeys>();
        foreach (var name in ServerKeys.All)
        {
            await keys.GetAsync(name, cancellationToken);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!seedDemoMembers || await db.Members.AnyAsync(cancellationToken))
            {
                return;
            }
        }

        var create = services.GetRequiredService<CreateMember>();
        foreach (var member in DemoMembers.All)
        {
            await create.ExecuteAsync(member, cancellationToken);
        }
    }
}
