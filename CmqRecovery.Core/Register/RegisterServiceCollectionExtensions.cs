using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Core.Register;

public static class RegisterServiceCollectionExtensions
{
    /// <summary>The member register: the import, the invitations and the activation they lead to.</summary>
    public static IServiceCollection AddMemberRegister(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RegisterOptions>(configuration.GetSection(RegisterOptions.Section));
        services.AddSingleton<RegisterRunLock>();
        services.AddSingleton<ImportRegister>();
        services.AddSingleton<InviteMembers>();
        services.AddSingleton<OpenInvitation>();
        services.AddSingleton<SetActivationQuestions>();
        services.AddSingleton<ActivateMember>();
        return services;
    }
}
