using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CmqRecovery.Core.Account;

public static class AccountServiceCollectionExtensions
{
    /// <summary>« Mon compte »'s use cases, and the activation's <see cref="SetSecurityQuestions"/>.</summary>
    public static IServiceCollection AddMemberAccount(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AccountOptions>(configuration.GetSection(AccountOptions.Section));
        services.TryAddSingleton<IMemberTokenRevocation, NoClientTokens>(); // the OIDC provider registers its own
        services.AddSingleton<CurrentPasswordCheck>();
        services.AddSingleton<SetSecurityQuestions>();
        services.AddSingleton<ReplaceSecurityQuestions>();
        services.AddSingleton<ChangePassword>();
        services.AddSingleton<ReadSecurityQuestions>();
        services.AddSingleton<MemberSessionList>();
        services.AddSingleton<ReadRecentActivity>();
        return services;
    }
}
