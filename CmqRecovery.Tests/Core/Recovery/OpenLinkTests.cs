using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Tests.Core.Recovery;

public class OpenLinkTests
{
    private static Task<UseCaseResult<OpenedLink>> Open(CoreTestHost host, string? id, string? token) =>
        host.Get<OpenLink>().ExecuteAsync(id, token, RecoverySteps.Client);

    [DatabaseTheory]
    public async Task Execute_FreshLink_OpensWithTwoOfTheMembersQuestions(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);

        var result = await Open(host, request.Id, token);

        Assert.True(result.Passed);
        Assert.Equal(member.Id, result.Value!.Subject.MemberId);
        Assert.NotEqual(result.Value.Subject.First.QuestionId, result.Value.Subject.Second.QuestionId);
        await using var db = host.NewDbContext();
        Assert.Contains(await db.AuditEvents.Select(e => e.Kind).ToListAsync(), k => k == AuditKind.LinkOpened);
    }

    [DatabaseTheory]
    [DatabaseData(true, false)] // right id, wrong token
    [DatabaseData(false, true)] // unknown id, right token
    public async Task Execute_WrongIdOrToken_IsInvalidAndTellsNothingMore(DatabaseProvider provider, bool rightId, bool rightToken)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);

        var result = await Open(host, rightId ? request.Id : RecoveryTokens.NewId(), rightToken ? token : RecoveryTokens.NewToken());

        Assert.Equal(Outcome.LinkNoLongerValid, result.Outcome);
        Assert.Null(result.Value);
        await using var db = host.NewDbContext();
        var audit = await db.AuditEvents.SingleAsync();
        Assert.Equal((AuditKind.LinkInvalid, (Guid?)null), (audit.Kind, audit.MemberId));
    }

    [DatabaseTheory]
    [DatabaseData(null, null)]
    [DatabaseData("", "")]
    [DatabaseData("not-hex", "short")]
    [DatabaseData("'; DROP TABLE Members; --", "<script>")]
    public async Task Execute_MalformedParts_AreInvalid(DatabaseProvider provider, string? id, string? token)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        Assert.Equal(Outcome.LinkNoLongerValid, (await Open(host, id, token)).Outcome);
        Assert.Equal([AuditKind.LinkInvalid], await AuditKindsAsync(host));
    }

    [DatabaseTheory]
    public async Task Execute_AfterThirtyMinutes_IsExpired(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);

        host.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.True((await Open(host, request.Id, token)).Passed);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var result = await Open(host, request.Id, token);

        Assert.Equal(Outcome.LinkNoLongerValid, result.Outcome);
        Assert.Null(result.Value);
        Assert.Equal(AuditKind.LinkExpired, (await AuditKindsAsync(host))[^1]);
    }

    [DatabaseTheory]
    public async Task Execute_ConsumedLink_IsUsed(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (request, token) = await host.AddRequestAsync(member.Id);
        var authorization = await host.ResetAuthorizationAsync(request.Id, token);
        Assert.True((await host.Get<SetPassword>().ExecuteAsync(authorization, "une phrase de passe solide 2026", "une phrase de passe solide 2026", RecoverySteps.Client)).Passed);

        var result = await Open(host, request.Id, token);

        Assert.Equal(Outcome.LinkNoLongerValid, result.Outcome);
        await using var db = host.NewDbContext();
        Assert.Contains(AuditKind.LinkReused, await db.AuditEvents.Select(e => e.Kind).ToListAsync());
    }

    [DatabaseTheory]
    public async Task Execute_OlderLinkAfterANewerOne_IsSuperseded(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var member = await host.AddDemoMemberAsync();
        var (older, olderToken) = await host.AddRequestAsync(member.Id);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var identity = await host.VerifiedIdentityAsync(member);
        await host.Get<ConfirmEmail>().ExecuteAsync(identity, emailIsValid: true, RecoverySteps.Client);

        var result = await Open(host, older.Id, olderToken);

        Assert.Equal(Outcome.LinkNoLongerValid, result.Outcome);
        Assert.Equal(AuditKind.LinkSuperseded, (await AuditKindsAsync(host))[^1]);
    }

    /// <summary>Only the audit says why a link no longer works (the caller is told no more).</summary>
    private static async Task<List<AuditKind>> AuditKindsAsync(CoreTestHost host)
    {
        await using var db = host.NewDbContext();
        return await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
    }
}
