using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Recovery;

public class SetPasswordTests
{
    private const string Strong = "une phrase de passe solide 2026";

    private static async Task<(CoreTestHost Host, Member Member, ResetAuthorization Authorization, string RequestId)> ArrangeAsync(DatabaseProvider provider)
    {
        var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);
        return (host, member, await host.ResetAuthorizationAsync(request.Id, token), request.Id);
    }

    [DatabaseTheory]
    public async Task Execute_Success_ClearsTheEmailsSignInFailures(DatabaseProvider provider)
    {
        var (host, member, authorization, _) = await ArrangeAsync(provider);
        await using var _ = host;
        for (var i = 0; i < 5; i++)
        {
            await host.Get<SignInMember>().ExecuteAsync(member.Email, "mauvais", RecoverySteps.Client);
        }

        Assert.Equal(Outcome.CaptchaRequired, (await host.Get<SignInMember>().ExecuteAsync(member.Email, Strong, RecoverySteps.Client)).Outcome);

        Assert.True((await host.Get<SetPassword>().ExecuteAsync(authorization, Strong, Strong, RecoverySteps.Client)).Passed);

        // No captcha asked any more: the counter starts over.
        Assert.True((await host.Get<SignInMember>().ExecuteAsync(member.Email, Strong, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    [DatabaseData("court", PasswordRefusal.TooShort)]
    [DatabaseData("password1234", PasswordRefusal.Common)]
    [DatabaseData("motdepasse123", PasswordRefusal.Common)]
    [DatabaseData("motdepasse2026", PasswordRefusal.TooGuessable)]
    [DatabaseData("abcabcabcabcabc", PasswordRefusal.TooGuessable)]
    [DatabaseData("ma phrase de Tremblay très longue et rare", PasswordRefusal.ContainsName)]
    [DatabaseData("ma phrase du Québec très longue et rare", PasswordRefusal.ContainsCollegeWord)]
    [DatabaseData("ma phrase 54321 très longue et rare", PasswordRefusal.ContainsUserCode)]
    [DatabaseData("Marie.Tremblay aime les ornithorynques", PasswordRefusal.ContainsEmail)]
    public async Task Execute_PolicyBreach_IsRefusedWithItsReasonAndChangesNothing(DatabaseProvider provider, string password, PasswordRefusal expected)
    {
        var (host, member, authorization, requestId) = await ArrangeAsync(provider);
        await using var _ = host;

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, password, password, RecoverySteps.Client);

        Assert.False(result.Passed);
        Assert.Contains(expected, result.Value!.Refusals);
        await AssertNothingChangedAsync(host, member, requestId);
    }

    [DatabaseTheory]
    public async Task Execute_TooLong_IsRefused(DatabaseProvider provider)
    {
        var (host, member, authorization, requestId) = await ArrangeAsync(provider);
        await using var _ = host;
        var password = string.Concat(Enumerable.Repeat("ornithorynque ", 10)); // 140 characters

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, password, password, RecoverySteps.Client);

        Assert.Equal([PasswordRefusal.TooLong], result.Value!.Refusals);
        await AssertNothingChangedAsync(host, member, requestId);
    }

    [DatabaseTheory]
    public async Task Execute_MismatchedConfirmation_IsRefused(DatabaseProvider provider)
    {
        var (host, member, authorization, requestId) = await ArrangeAsync(provider);
        await using var _ = host;

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, Strong, Strong + "!", RecoverySteps.Client);

        Assert.Equal([PasswordRefusal.Mismatch], result.Value!.Refusals);
        await AssertNothingChangedAsync(host, member, requestId);
    }

    [DatabaseTheory]
    [DatabaseData("😀🏥🩺 sans règle de composition")] // any Unicode
    [DatabaseData("correct horse battery staple")] // no digits, no capitals, no symbols
    public async Task Execute_LongUncommonPassphrase_IsAcceptedWithoutCompositionRules(DatabaseProvider provider, string password)
    {
        var (host, _, authorization, _) = await ArrangeAsync(provider);
        await using var _h = host;

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, password, password, RecoverySteps.Client);

        Assert.True(result.Passed, string.Join(",", result.Value?.Refusals ?? []));
    }

    [DatabaseTheory]
    public async Task Execute_ValidPassword_ChangesEverythingInOneGo(DatabaseProvider provider)
    {
        var (host, member, authorization, requestId) = await ArrangeAsync(provider);
        await using var _ = host;
        var (other, _) = await host.AddRequestAsync(member.Id);

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, Strong, Strong, RecoverySteps.Client);

        Assert.True(result.Passed);
        Assert.Equal(member.Email, result.Value!.Email);
        await using var db = host.NewDbContext();
        var stored = await db.Members.SingleAsync();
        Assert.NotEqual(member.SecurityStamp, stored.SecurityStamp);
        Assert.NotEqual(member.PasswordHash, stored.PasswordHash);
        Assert.All(await db.RecoveryRequests.ToListAsync(), r => Assert.NotNull(r.ConsumedAt));
        var notice = await db.OutboxMessages.SingleAsync();
        Assert.Equal((MailKinds.PasswordChanged, member.Email), (notice.Kind, notice.To));
        Assert.Contains(AuditKind.PasswordChanged, await db.AuditEvents.Select(e => e.Kind).ToListAsync());

        // No automatic sign-in happened, but the new password works and the old one does not.
        var signIn = host.Get<SignInMember>();
        Assert.True((await signIn.ExecuteAsync(member.Email, Strong, RecoverySteps.Client)).Passed);
        Assert.False((await signIn.ExecuteAsync(member.Email, DemoMembers.Password, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    public async Task Execute_SameAuthorizationTwice_SecondIsRefused(DatabaseProvider provider)
    {
        var (host, member, authorization, _) = await ArrangeAsync(provider);
        await using var _ = host;
        await host.Get<SetPassword>().ExecuteAsync(authorization, Strong, Strong, RecoverySteps.Client);

        var second = await host.Get<SetPassword>().ExecuteAsync(authorization, "une autre phrase de passe 2027", "une autre phrase de passe 2027", RecoverySteps.Client);

        Assert.Equal(Outcome.LinkNoLongerValid, second.Outcome);
        Assert.True((await host.Get<SignInMember>().ExecuteAsync(member.Email, Strong, RecoverySteps.Client)).Passed);
    }

    [DatabaseTheory]
    public async Task Execute_LinkExpiredWhileTyping_IsRefusedAndChangesNothing(DatabaseProvider provider)
    {
        var (host, member, authorization, requestId) = await ArrangeAsync(provider);
        await using var _ = host;
        host.Time.Advance(TimeSpan.FromMinutes(31));

        var result = await host.Get<SetPassword>().ExecuteAsync(authorization, Strong, Strong, RecoverySteps.Client);

        Assert.Equal(Outcome.LinkNoLongerValid, result.Outcome);
        await AssertNothingChangedAsync(host, member, requestId);
    }

    [DatabaseTheory]
    public async Task Execute_FailureInsideTheTransaction_LeavesNoPartialWrite(DatabaseProvider provider)
    {
        var (host, member, authorization, requestId) = await ArrangeAsync(provider);
        await using var _ = host;
        // The notice is the last row written: make the database refuse it.
        await host.Database.RefuseInsertsIntoAsync("OutboxMessages");

        await Assert.ThrowsAsync<DbUpdateException>(() =>
            host.Get<SetPassword>().ExecuteAsync(authorization, Strong, Strong, RecoverySteps.Client));

        await AssertNothingChangedAsync(host, member, requestId);
        await using var check = host.NewDbContext();
        Assert.DoesNotContain(AuditKind.PasswordChanged, await check.AuditEvents.Select(e => e.Kind).ToListAsync());
    }

    private static async Task AssertNothingChangedAsync(CoreTestHost host, Member member, string requestId)
    {
        await using var db = host.NewDbContext();
        var stored = await db.Members.SingleAsync(m => m.Id == member.Id);
        Assert.Equal(member.PasswordHash, stored.PasswordHash);
        Assert.Equal(member.SecurityStamp, stored.SecurityStamp);
        Assert.Null((await db.RecoveryRequests.SingleAsync(r => r.Id == requestId)).ConsumedAt);
        Assert.Empty(await db.OutboxMessages.ToListAsync());
    }
}
