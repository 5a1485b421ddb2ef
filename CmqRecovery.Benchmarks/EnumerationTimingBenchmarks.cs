using CmqRecovery.Core;
using BenchmarkDotNet.Attributes;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.SignIn;
using CmqRecovery.Core.Data;
using CmqRecovery.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Benchmarks;

/// <summary>
/// Does a member take measurably longer than an unknown identifier at each step? Each pair shares a category;
/// the "member" case is the baseline, so the Ratio column reads directly as "unknown / member".
/// </summary>
[MinIterationCount(15)]
[MaxIterationCount(30)]
[WarmupCount(3)]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
public class EnumerationTimingBenchmarks
{
    private static readonly ClientContext Client = new("198.51.100.1");
    private BenchmarkHost _host = null!;
    private RecoverySubject _member = null!;
    private RecoverySubject _decoy = null!;
    private string _requestId = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = BenchmarkHost.StartAsync().GetAwaiter().GetResult();
        _member = Identify(null, "54321").GetAwaiter().GetResult().Value!;
        _decoy = Identify(null, "99999").GetAwaiter().GetResult().Value!;
        _requestId = AddRequest().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true), BenchmarkCategory("Identify")]
    public Task<UseCaseResult<RecoverySubject>> Identify_Member() => Identify("marie.tremblay@example.org", null);

    [Benchmark, BenchmarkCategory("Identify")]
    public Task<UseCaseResult<RecoverySubject>> Identify_Unknown() => Identify("personne@example.org", null);

    [Benchmark(Baseline = true), BenchmarkCategory("CheckAnswers")]
    public Task<UseCaseResult<VerifiedIdentity>> CheckAnswers_MemberWrong() =>
        _host.Get<CheckAnswers>().ForIdentityAsync(_member, "faux", "faux", Client);

    [Benchmark, BenchmarkCategory("CheckAnswers")]
    public Task<UseCaseResult<VerifiedIdentity>> CheckAnswers_Decoy() =>
        _host.Get<CheckAnswers>().ForIdentityAsync(_decoy, "faux", "faux", Client);

    [Benchmark(Baseline = true), BenchmarkCategory("SignIn")]
    public Task<UseCaseResult<SignInAttempt>> SignIn_MemberWrongPassword() =>
        _host.Get<SignInMember>().ExecuteAsync("louis.cote@example.org", "mauvais mot de passe", Client);

    [Benchmark, BenchmarkCategory("SignIn")]
    public Task<UseCaseResult<SignInAttempt>> SignIn_UnknownEmail() =>
        _host.Get<SignInMember>().ExecuteAsync("personne@example.org", "mauvais mot de passe", Client);

    [Benchmark(Baseline = true), BenchmarkCategory("OpenLink")]
    public Task<UseCaseResult<OpenedLink>> OpenLink_KnownIdWrongToken() =>
        _host.Get<OpenLink>().ExecuteAsync(_requestId, RecoveryTokens.NewToken(), Client);

    [Benchmark, BenchmarkCategory("OpenLink")]
    public Task<UseCaseResult<OpenedLink>> OpenLink_UnknownId() =>
        _host.Get<OpenLink>().ExecuteAsync(RecoveryTokens.NewId(), RecoveryTokens.NewToken(), Client);

    private async Task<string> AddRequest()
    {
        await using var db = await _host.Get<IDbContextFactory<RecoveryDbContext>>().CreateDbContextAsync();
        var member = await db.Members.FirstAsync();
        var request = new RecoveryRequest
        {
            Id = RecoveryTokens.NewId(),
            MemberId = member.Id,
            TokenHash = RecoveryTokens.Hash(RecoveryTokens.NewToken()),
            CreatedAt = TimeProvider.System.GetUtcNow(),
            ExpiresAt = TimeProvider.System.GetUtcNow().AddDays(1),
        };
        db.RecoveryRequests.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    }

    private async Task<UseCaseResult<RecoverySubject>> Identify(string? email, string? code)
    {
        var captcha = await _host.Get<CaptchaService>().IssueAsync();
        return await _host.Get<IdentifyMember>().ExecuteAsync(new IdentifyRequest(email, code, captcha.ChallengeId, TestHostSettings.CaptchaCode), Client);
    }
}
