using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Tests.Core.Recovery;

public class ConfirmEmailTests
{
    [DatabaseTheory]
    public async Task Execute_Oui_CreatesHashedExpiringRequestAndQueuesTheMail(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var identity = await host.VerifiedIdentityAsync(member);

        var result = await host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: true, RecoverySteps.Client);

        Assert.Equal(Outcome.Passed, result.Outcome);
        await using var db = host.NewDbContext();
        var request = await db.RecoveryRequests.SingleAsync();
        Assert.Equal(member.Id, request.MemberId);
        Assert.Equal(32, request.Id.Length);
        Assert.Equal(32, request.TokenHash.Length);
        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromMinutes(30), request.ExpiresAt);
        Assert.Null(request.ConsumedAt);
        var mail = await db.OutboxMessages.SingleAsync();
        Assert.Equal((MailKinds.ResetLink, member.Email, "Réinitialisation du mot de passe"), (mail.Kind, mail.To, mail.Subject));
        Assert.Contains(AuditKind.MailQueued, await db.AuditEvents.Select(e => e.Kind).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_Non_ReturnsSupportContactAndSendsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var identity = await host.VerifiedIdentityAsync(member);

        var result = await host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: false, RecoverySteps.Client);

        Assert.Equal(UseCaseResult.Of(Outcome.Disputed), result);
        Assert.Equal("514 933-4325", host.Get<IOptions<RecoveryOptions>>().Value.SupportPhone); // the number the Disputed page shows
        await using var db = host.NewDbContext();
        Assert.Empty(await db.RecoveryRequests.ToListAsync());
        Assert.Empty(await db.OutboxMessages.ToListAsync());
        Assert.Contains(AuditKind.EmailDisputed, await db.AuditEvents.Select(e => e.Kind).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_SameIdentityTwice_SendsOneMail(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var identity = await host.VerifiedIdentityAsync(member);

        await host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: true, RecoverySteps.Client);
        var second = await host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: true, RecoverySteps.Client);

        Assert.Equal(Outcome.AlreadyUsed, second.Outcome);
        await using var db = host.NewDbContext();
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }

    [DatabaseTheory]
    public async Task Execute_FourthMailInAnHour_LooksTheSameButSendsNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var outcomes = new List<Outcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await host.Get<ConfirmEmail>().ExecuteAsync(await host.VerifiedIdentityAsync(member), true, RecoverySteps.Client)).Outcome);
            host.Time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.All(outcomes, o => Assert.Equal(Outcome.Passed, o));
        await using (var db = host.NewDbContext())
        {
            Assert.Equal(3, await db.OutboxMessages.CountAsync());
            Assert.Equal(3, await db.RecoveryRequests.CountAsync());
            Assert.Contains(AuditKind.MailCapped, await db.AuditEvents.Select(e => e.Kind).ToListAsync());
        }

        // An hour after the first, one more is allowed.
        host.Time.Advance(TimeSpan.FromMinutes(41));
        await host.Get<ConfirmEmail>().ExecuteAsync(await host.VerifiedIdentityAsync(member), true, RecoverySteps.Client);
        await using (var db = host.NewDbContext())
        {
            Assert.Equal(4, await db.OutboxMessages.CountAsync());
        }
    }

    [DatabaseTheory]
    public async Task Execute_FiveParallelConfirmations_StayUnderTheCap(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var identities = new List<VerifiedIdentity>();
        for (var i = 0; i < 5; i++)
        {
            identities.Add(await host.VerifiedIdentityAsync(member));
        }

        var results = await Task.WhenAll(identities.Select(identity =>
            Task.Run(() => host.Get<ConfirmEmail>().ExecuteAsync(identity, true, RecoverySteps.Client))));

        Assert.All(results, r => Assert.Equal(Outcome.Passed, r.Outcome));
        await using var db = host.NewDbContext();
        Assert.Equal(3, await db.RecoveryRequests.CountAsync());
        Assert.Equal(3, await db.OutboxMessages.CountAsync());
        Assert.Equal(1, await db.RecoveryRequests.CountAsync(r => r.SupersededAt == null));
    }

    [DatabaseTheory]
    public async Task Execute_NewRequest_SupersedesTheOpenOnes(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (older, _) = await host.AddRequestAsync(member.Id);
        host.Time.Advance(TimeSpan.FromSeconds(10));

        await host.Get<ConfirmEmail>().ExecuteAsync(await host.VerifiedIdentityAsync(member), true, RecoverySteps.Client);

        await using var db = host.NewDbContext();
        var requests = await db.RecoveryRequests.ToListAsync();
        Assert.NotNull(requests.Single(r => r.Id == older.Id).SupersededAt);
        Assert.Null(requests.Single(r => r.Id != older.Id).SupersededAt);
    }
}
