using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Core.Staff;

public static class StaffConsoleCoreServiceCollectionExtensions
{
    /// <summary>The staff console's use cases (CmqRecovery.Core/Staff/README.md).</summary>
    public static IServiceCollection AddStaffConsoleCore(this IServiceCollection services)
    {
        services.AddSingleton<StaffAudit>();
        services.AddSingleton<FindMember>();
        services.AddSingleton<MemberStatusReader>();
        services.AddSingleton<ViewMemberStatus>();
        services.AddSingleton<StaffLift>();
        services.AddSingleton<LiftSuspension>();
        services.AddSingleton<LiftSignInLock>();
        services.AddSingleton<ResendMail>();
        services.AddSingleton<CloseMail>();
        services.AddSingleton<ViewMailHealth>();

        // Four-eyes email change (Staff:EmailChangeLifetime).
        services.AddOptions<EmailChangeOptions>().BindConfiguration(EmailChangeOptions.Section);
        services.AddSingleton<ProposeEmailChange>();
        services.AddSingleton<ApproveEmailChange>();
        services.AddSingleton<RejectEmailChange>();
        services.AddSingleton<ListEmailChangeProposals>();

        // The « Non » answers queue.
        services.AddSingleton<ListDisputedEmails>();
        services.AddSingleton<HandleDisputedEmail>();

        // The audit search and its CSV export.
        services.AddSingleton<SearchAudit>();
        services.AddSingleton<ExportAudit>();

        // A new invitation for one member, within the register's hourly budget.
        services.AddSingleton<InviteMember>();

        // The agents' sign-ins and sign-outs.
        services.AddSingleton<RecordStaffSession>();
        return services;
    }
}
