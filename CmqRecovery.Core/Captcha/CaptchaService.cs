using System.Security.Cryptography;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Captcha;

/// <summary>A PNG of five digits, and the id of its server-side challenge.</summary>
public sealed record CaptchaImage(Guid ChallengeId, byte[] Png);

/// <summary>
/// Issues five CSPRNG digits as an image and keeps only their keyed hash, with an expiry; verifying spends the
/// challenge whatever the answer, atomically, so each image buys exactly one try.
/// </summary>
public sealed class CaptchaService
{
    // Expired rows are kept a while for investigation, then removed as new challenges are issued.
    private static readonly TimeSpan PurgeAfterExpiry = TimeSpan.FromHours(1);

    private readonly IDbContextFactory<RecoveryDbContext> _dbFactory;
    private readonly ServerKeys _keys;
    private readonly CaptchaRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly string? _testCode;

    public CaptchaService(
        IDbContextFactory<RecoveryDbContext> dbFactory,
        ServerKeys keys,
        CaptchaRenderer renderer,
        TimeProvider time,
        IOptions<CaptchaOptions> options,
        IHostEnvironment? environment = null)
    {
        _dbFactory = dbFactory;
        _keys = keys;
        _renderer = renderer;
        _time = time;
        _lifetime = options.Value.Lifetime;
        _testCode = CaptchaStartupCheck.HonouredTestCode(environment, options.Value);
    }

    public async Task<CaptchaImage> IssueAsync(CancellationToken cancellationToken = default)
    {
        var code = _testCode ?? CaptchaCode.Generate();
        var png = _renderer.Render(code);
        var id = Guid.NewGuid();
        var key = await _keys.GetAsync(ServerKeys.Captcha, cancellationToken);
        var now = _time.GetUtcNow();

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var purgeBefore = now - PurgeAfterExpiry;
        await db.CaptchaChallenges.Where(c => c.ExpiresAt < purgeBefore).ExecuteDeleteAsync(cancellationToken);

        db.CaptchaChallenges.Add(new CaptchaChallenge
        {
            Id = id,
            AnswerHash = CaptchaCode.Hash(key, id, code),
            CreatedAt = now,
            ExpiresAt = now + _lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new CaptchaImage(id, png);
    }

    /// <summary>True only for an unexpired, unspent challenge whose digits match (spaces ignored). Always spends it.</summary>
    public async Task<bool> VerifyAsync(Guid challengeId, string? answer, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);

        // The spend is the gate: of concurrent verifies, only the one whose update hits the unspent row goes on.
        var spent = await db.CaptchaChallenges
            .Where(c => c.Id == challengeId && c.SpentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SpentAt, now), cancellationToken);
        if (spent != 1)
        {
            return false;
        }

        var challenge = await db.CaptchaChallenges.AsNoTracking()
            .Where(c => c.Id == challengeId)
            .Select(c => new { c.AnswerHash, c.ExpiresAt })
            .SingleOrDefaultAsync(cancellationToken); // null: long expired and purged since the spend
        var code = CaptchaCode.Normalize(answer);
        if (challenge is null || challenge.ExpiresAt <= now || code is null)
        {
            return false;
        }

        var key = await _keys.GetAsync(ServerKeys.Captcha, cancellationToken);
        return CryptographicOperations.FixedTimeEquals(CaptchaCode.Hash(key, challengeId, code), challenge.AnswerHash);
    }
}
