using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Mail;

/// <summary>Queues mail the way the app does, through the real use case or the real outbox.</summary>
internal static class MailTestKit
{
    public static ClientContext Client => RecoverySteps.Client;

    /// <summary>The mails as the app registers them, from a plain service collection (no host, no database).</summary>
    public static RecoveryMails NewMails(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        return services.AddRecoveryMail().BuildServiceProvider().GetRequiredService<RecoveryMails>();
    }

    /// <summary>Step 4 « Oui » for a fresh demo member: a recovery request and its reset mail, committed together.</summary>
    public static async Task<Member> ConfirmEmailAsync(CoreTestHost host, int demoIndex = 0)
    {
        var member = await host.AddDemoMemberAsync(demoIndex);
        var identity = await host.VerifiedIdentityAsync(member);
        var result = await host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: true, Client);
        Assert.Equal(Outcome.Passed, result.Outcome);
        return member;
    }

    /// <summary>A reset mail with a link whose token the test knows, queued and saved.</summary>
    public static async Task<(Member Member, Uri Link, string Token, MailContent Content)> QueueResetMailAsync(CoreTestHost host)
    {
        var member = await host.AddDemoMemberAsync();
        var options = host.Get<IOptions<RecoveryOptions>>().Value;
        var token = RecoveryTokens.NewToken();
        var link = host.Get<IRecoveryLinks>().ResetLink(RecoveryTokens.NewId(), token);
        var content = host.Get<RecoveryMails>().ResetLink(member.DisplayName, link, options.LinkLifetime);
        await using var db = host.NewDbContext();
        host.Get<MailOutbox>().Enqueue(db, MailKinds.ResetLink, member.Email, content, member.Id);
        await db.SaveChangesAsync();
        return (member, link, token, content);
    }

    public static async Task<OutboxMessage> SingleMessageAsync(CoreTestHost host, string kind = MailKinds.ResetLink)
    {
        await using var db = host.NewDbContext();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == kind);
    }

    public static async Task<int> AuditCountAsync(CoreTestHost host, AuditKind kind)
    {
        await using var db = host.NewDbContext();
        return await db.AuditEvents.CountAsync(e => e.Kind == kind);
    }
}
