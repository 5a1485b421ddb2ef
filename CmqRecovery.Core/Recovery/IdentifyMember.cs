using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Security;
using CmqRecovery.Core.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Recovery;

/// <summary>The identifier and either proof: an image's digits, or (<see cref="CaptchaKind.Work"/>) the proof of work's number.</summary>
public sealed record IdentifyRequest(
    string? Email, string? UserCode, Guid CaptchaChallengeId, string? CaptchaAnswer, CaptchaKind CaptchaKind = CaptchaKind.Image);

/// <summary>
/// Procedure step 2: an email or a user code, and the captcha. Anti-enumeration happens here: an identifier that matches
/// no member gets a decoy subject with the same result, the same messages and (at procedure step 3) the same KDF work.
/// </summary>
public sealed class IdentifyMember(
    IDbContextFactory<RecoveryDbContext> dbFactory,
    CaptchaService captcha,
    ServerKeys keys,
    QuestionDraw draw,
    AttemptLimiter limiter,
    AuditTrail audit,
    ClientThrottle throttle,
    WorkDifficulty difficulty,
    IOptions<RecoveryOptions> options)
{
    public async Task<UseCaseResult<RecoverySubject>> ExecuteAsync(
        IdentifyRequest request, ClientContext client, CancellationToken cancellationToken = default)
    {
        var format = Validate(request, out var email, out var userCode);
        if (format != Outcome.Passed)
        {
            // The captcha is left unspent: a typo in the identifier should not cost a new image.
            return UseCaseResult<RecoverySubject>.Refuse(format);
        }

        // Per client IP, before the captcha is spent or anything is read: a refused attempt changes nothing.
        if (await throttle.TryAcquireAsync(ClientAction.Identify, client, cancellationToken) is { } throttled)
        {
            return UseCaseResult<RecoverySubject>.Wait(throttled);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workSize = request.CaptchaKind == CaptchaKind.Work
            ? await captcha.VerifyWorkAsync(request.CaptchaChallengeId, request.CaptchaAnswer, cancellationToken)
            : null;
        if (workSize is null && (request.CaptchaKind == CaptchaKind.Work
            || !await captcha.VerifyAsync(request.CaptchaChallengeId, request.CaptchaAnswer, request.CaptchaKind, cancellationToken)))
        {
            await audit.AddAsync(db, AuditKind.CaptchaFailed, null, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<RecoverySubject>.Refuse(Outcome.CaptchaFailed);
        }

        // The subject is the typed identifier, member or not: a member's email and code share no pair and no
        // suspension, so nothing links them. Both paths run the same queries (see QuestionDraw).
        var identifier = Identifier(email, userCode);
        var subjectKey = await CounterKeys.IdentifierAsync(keys, identifier, cancellationToken);
        if (workSize is { } size)
        {
            // Before any lookup, so a member's identifier and an unknown one do the same here (WorkDifficulty).
            if (size < await difficulty.RequiredAsync(subjectKey, cancellationToken))
            {
                await audit.AddAsync(db, AuditKind.CaptchaFailed, null, client, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                return UseCaseResult<RecoverySubject>.Refuse(Outcome.HarderWorkRequired);
            }

            await difficulty.CountFailureAsync(subjectKey, cancellationToken);
        }

        var member = email is not null
            ? await MemberLookup.FindByNormalizedEmailAsync(db, Member.NormalizeEmail(email), cancellationToken)
            : await MemberLookup.FindByUserCodeAsync(db, userCode!, cancellationToken);
        var state = await draw.LoadStateAsync(db, subjectKey, cancellationToken);
        var memberId = member?.Id;
        var pair = await draw.DrawAsync(db, memberId, identifier, state, cancellationToken);
        if (pair is not { Enrolled: true })
        {
            // A member who has not chosen their questions yet (issue 19: enrolment) cannot recover: exactly as unknown.
            memberId = null;
        }

        var (first, second) = pair is { } drawn ? (drawn.First, drawn.Second) : await draw.FromCatalogueAsync(db, state, cancellationToken);
        var subject = new RecoverySubject(subjectKey, memberId, first, second);

        if ((await limiter.ReadAsync(CounterKeys.Suspension(subjectKey), options.Value.SuspensionPolicy, cancellationToken)).Locked)
        {
            // Same answer for a member and an unknown identifier: the counter is keyed by the identifier either way.
            await audit.AddAsync(db, AuditKind.Suspended, memberId, client, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return UseCaseResult<RecoverySubject>.Refuse(Outcome.Suspended);
        }

        await audit.AddAsync(db, AuditKind.Identified, memberId, client, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return UseCaseResult<RecoverySubject>.Pass(subject);
    }

    /// <summary>The typed identifiers a subject key is made of; <see cref="Members.CommitNewPassword"/> finds a member's two from them.</summary>
    internal static string EmailIdentifier(string normalizedEmail) => "email:" + normalizedEmail;

    internal static string CodeIdentifier(string canonicalUserCode) => "code:" + canonicalUserCode;

    /// <summary>The typed identifier (<c>email:…</c> or <c>code:…</c>) of a well-formed request; null otherwise.</summary>
    internal static string? TypedIdentifier(string? email, string? userCode) =>
        Validate(new IdentifyRequest(email, userCode, Guid.Empty, null), out var validEmail, out var validCode) == Outcome.Passed
            ? Identifier(validEmail, validCode)
            : null;

    private static string Identifier(string? email, string? userCode) =>
        email is not null ? EmailIdentifier(Member.NormalizeEmail(email)) : CodeIdentifier(userCode!);

    private static Outcome Validate(IdentifyRequest request, out string? email, out string? userCode)
    {
        email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        userCode = null;
        var codeGiven = !string.IsNullOrWhiteSpace(request.UserCode);
        if (email is null && !codeGiven)
        {
            return Outcome.NothingGiven;
        }

        if (email is not null && codeGiven)
        {
            return Outcome.BothGiven;
        }

        if (email is not null)
        {
            return EmailAddress.IsValid(email) ? Outcome.Passed : Outcome.MalformedEmail;
        }

        return UserCode.TryParse(request.UserCode, out userCode, out _) ? Outcome.Passed : Outcome.MalformedUserCode;
    }
}
