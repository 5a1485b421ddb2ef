using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Captcha;

/// <summary>Which answer a challenge expects: the image's (or audio's) five digits, or the proof of work's number.</summary>
public enum CaptchaKind
{
    Image,
    Work,
}

/// <summary>A PNG of five digits, and the id of its server-side challenge.</summary>
public sealed record CaptchaImage(Guid ChallengeId, byte[] Png)
{
    /// <summary>What lets the circuit that holds this image hear the same digits (<see cref="CaptchaService.ListenAsync"/>).</summary>
    public CaptchaAudioTicket? Audio { get; init; }
}

/// <summary>
/// Opaque to callers: the challenge and its digits, kept in the memory of the circuit the image was issued to and
/// never sent to the browser. Whoever does not hold it cannot ask for the audio of that challenge.
/// </summary>
public sealed class CaptchaAudioTicket
{
    internal CaptchaAudioTicket(Guid challengeId, string code) => (ChallengeId, Code) = (challengeId, code);

    /// <summary>
    /// For a page with no circuit to hold the ticket (the static sign-in form): the ticket sealed by
    /// <paramref name="protector"/>, so the browser carries it without being able to read the digits.
    /// </summary>
    public string Protect(IDataProtector protector) =>
        protector.Protect($"{ChallengeId:N}:{Code}");

    /// <summary>A ticket <see cref="Protect"/> sealed; null when it was not sealed by <paramref name="protector"/> or is malformed.</summary>
    public static CaptchaAudioTicket? Unprotect(IDataProtector protector, string? sealedTicket)
    {
        try
        {
            var parts = protector.Unprotect(sealedTicket ?? string.Empty).Split(':');
            return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var id) && CaptchaCode.Normalize(parts[1]) is { } code
                ? new CaptchaAudioTicket(id, code)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    internal Guid ChallengeId { get; }

    internal string Code { get; }
}

/// <summary>
/// Issues five CSPRNG digits as an image and keeps only their keyed hash, with an expiry; verifying spends the
/// challenge whatever the answer, atomically, so each image buys exactly one try. Expired challenges are left to the
/// retention pass (<see cref="Operations.PurgeExpiredData"/>), off the path that issues them.
/// </summary>
public sealed class CaptchaService
{
    private readonly IDbContextFactory<RecoveryDbContext> _dbFactory;
    private readonly ServerKeys _keys;
    private readonly CaptchaRenderer _renderer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _workMaxNumber;
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
        _workMaxNumber = options.Value.WorkMaxNumber;
        _testCode = CaptchaStartupCheck.HonouredTestCode(environment, options.Value);
    }

    public async Task<CaptchaImage> IssueAsync(CancellationToken cancellationToken = default)
    {
        var code = _testCode ?? CaptchaCode.Generate();
        var png = _renderer.Render(code);
        var id = await StoreAsync((key, challengeId) => CaptchaCode.Hash(key, challengeId, code), cancellationToken);
        return new CaptchaImage(id, png) { Audio = new CaptchaAudioTicket(id, code) };
    }

    /// <summary>
    /// The challenge's digits spoken in <paramref name="language"/> (fr or en) as a WAV, freshly mixed; null once
    /// the challenge is spent, expired or gone, so a used challenge can never be heard again.
    /// </summary>
    public async Task<byte[]?> ListenAsync(CaptchaAudioTicket ticket, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.CaptchaChallenges.AsNoTracking()
            .AnyAsync(c => c.Id == ticket.ChallengeId && c.SpentAt == null && c.ExpiresAt > now, cancellationToken);
        return open ? CaptchaAudio.Render(ticket.Code, language) : null;
    }

    /// <summary>
    /// A proof-of-work challenge: a CSPRNG secret number, its salted SHA-256 for the browser, and a row like an
    /// image's (keyed hash, same lifetime, single use), so it passes exactly where a solved image would.
    /// </summary>
    /// <param name="maxNumber">The search space, as <see cref="WorkDifficulty"/> sets it for the client; the base one by default.</param>
    public async Task<WorkChallenge> IssueWorkAsync(int? maxNumber = null, CancellationToken cancellationToken = default)
    {
        var max = maxNumber ?? _workMaxNumber;
        var number = RandomNumberGenerator.GetInt32(0, max + 1);
        var salt = WorkProof.NewSalt();
        var id = await StoreAsync((key, challengeId) => WorkProof.Hash(key, challengeId, number), cancellationToken, max);
        return new WorkChallenge(id, salt, WorkProof.Target(salt, number), max);
    }

    /// <summary>True only for an unexpired, unspent image challenge whose digits match (spaces ignored). Always spends it.</summary>
    public Task<bool> VerifyAsync(Guid challengeId, string? answer, CancellationToken cancellationToken = default) =>
        VerifyAsync(challengeId, answer, CaptchaKind.Image, cancellationToken);

    /// <summary>
    /// True only for an unexpired, unspent challenge whose answer matches: five digits (spaces ignored) for an image,
    /// the found number for a proof of work. Always spends it.
    /// </summary>
    public async Task<bool> VerifyAsync(
        Guid challengeId, string? answer, CaptchaKind kind, CancellationToken cancellationToken = default) =>
        (await CheckAsync(challengeId, answer, kind, cancellationToken)).Passed;

    /// <summary>
    /// A proof of work's search space when the found number is right (unexpired, unspent), else null; always spends it.
    /// The caller compares the size with what the typed identifier requires (<see cref="WorkDifficulty"/>).
    /// </summary>
    public async Task<int?> VerifyWorkAsync(Guid challengeId, string? answer, CancellationToken cancellationToken = default) =>
        await CheckAsync(challengeId, answer, CaptchaKind.Work, cancellationToken) is (true, var size) ? size ?? _workMaxNumber : null;

    private async Task<(bool Passed, int? WorkMaxNumber)> CheckAsync(
        Guid challengeId, string? answer, CaptchaKind kind, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);

        // The spend is the gate: of concurrent verifies, only the one whose update hits the unspent row goes on.
        var spent = await db.CaptchaChallenges
            .Where(c => c.Id == challengeId && c.SpentAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SpentAt, now), cancellationToken);
        if (spent != 1)
        {
            return (false, null);
        }

        var challenge = await db.CaptchaChallenges.AsNoTracking()
            .Where(c => c.Id == challengeId)
            .Select(c => new { c.AnswerHash, c.ExpiresAt, c.WorkMaxNumber })
            .SingleOrDefaultAsync(cancellationToken); // null: long expired and purged since the spend
        var code = kind == CaptchaKind.Image ? CaptchaCode.Normalize(answer) : null;
        var number = kind == CaptchaKind.Work ? WorkProof.Parse(answer) : null;
        if (challenge is null || challenge.ExpiresAt <= now || (code is null && number is null))
        {
            return (false, null);
        }

        var key = await _keys.GetAsync(ServerKeys.Captcha, cancellationToken);
        var expected = code is not null ? CaptchaCode.Hash(key, challengeId, code) : WorkProof.Hash(key, challengeId, number!.Value);
        return (CryptographicOperations.FixedTimeEquals(expected, challenge.AnswerHash), challenge.WorkMaxNumber);
    }

    /// <summary>A new challenge row, image or work alike: only the answer's hash, keyed and bound to the row's id.</summary>
    private async Task<Guid> StoreAsync(Func<byte[], Guid, byte[]> answerHash, CancellationToken cancellationToken, int? workMaxNumber = null)
    {
        var id = Guid.NewGuid();
        var key = await _keys.GetAsync(ServerKeys.Captcha, cancellationToken);
        var now = _time.GetUtcNow();

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        db.CaptchaChallenges.Add(new CaptchaChallenge
        {
            Id = id,
            AnswerHash = answerHash(key, id),
            CreatedAt = now,
            ExpiresAt = now + _lifetime,
            WorkMaxNumber = workMaxNumber,
        });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }
}
