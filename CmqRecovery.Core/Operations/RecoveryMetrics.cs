using System.Diagnostics.Metrics;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Throttling;

namespace CmqRecovery.Core.Operations;

/// <summary>
/// The app's own metrics, on one <see cref="Meter"/> named <see cref="MeterName"/> (exported for Prometheus by the
/// web host when a management address is configured). Tags only ever carry a few fixed words (a step, a limit, a
/// kind): never an identifier, an email, an address or anything a member typed.
/// </summary>
public sealed class RecoveryMetrics
{
    public const string MeterName = "CmqRecovery";

    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _stepFailures;
    private readonly Counter<long> _suspensions;
    private readonly Counter<long> _signInThresholds;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _kdfWait;
    private readonly Counter<long> _mailAbandonments;

    public RecoveryMetrics(IMeterFactory meterFactory, OutboxBacklog backlog)
    {
        var meter = meterFactory.Create(MeterName);
        _started = meter.CreateCounter<long>("cmq.recovery.started", "{recovery}",
            "Step 2 passed (identifier and captcha accepted), for members and unknown identifiers alike.");
        _completed = meter.CreateCounter<long>("cmq.recovery.completed", "{recovery}",
            "Passwords changed at step 8.");
        _stepFailures = meter.CreateCounter<long>("cmq.recovery.step.failures", "{failure}",
            "Failed attempts, tagged with the step: identify (captcha), answers, link, password, sign-in, mail-delivery.");
        _suspensions = meter.CreateCounter<long>("cmq.recovery.suspensions", "{suspension}",
            "Suspensions set, tagged with the kind: identifier (step 3), link (step 7), member-ceiling (silent daily ceiling).");
        _signInThresholds = meter.CreateCounter<long>("cmq.signin.threshold.hits", "{hit}",
            "Sign-in failure counts reaching a threshold, tagged: captcha (the form asks for it from now on), lock.");
        _rejections = meter.CreateCounter<long>("cmq.ratelimit.rejections", "{rejection}",
            "Attempts refused by a limit before any work, tagged with the limit.");
        _kdfWait = meter.CreateHistogram<double>("cmq.kdf.queue.wait", "s",
            "Time an admitted KDF run waited for its slot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        meter.CreateObservableGauge<long>("cmq.outbox.depth", () => Observe(backlog, b => b.Depth),
            "{message}", "Mails waiting to be sent (not abandoned).");
        meter.CreateObservableGauge<double>("cmq.outbox.oldest.age", () => Observe(backlog, b => b.OldestAge.TotalSeconds),
            "s", "Age of the oldest mail waiting to be sent; 0 when none waits.");
        meter.CreateObservableGauge<long>("cmq.outbox.abandoned", () => Observe(backlog, b => b.Abandoned),
            "{message}", "Mails given up for good and not yet purged by retention (all nodes: read from the database).");
        _mailAbandonments = meter.CreateCounter<long>("cmq.outbox.abandonments", "{message}",
            "Mails this node gave up, tagged with the reason: permanent (5xx from the relay), exhausted (out of attempts), compose.");
    }

    /// <summary>The outcomes the audit records that are also counted; one place maps them, so the use cases need no hook.</summary>
    public void Recorded(AuditKind kind)
    {
        switch (kind)
        {
            case AuditKind.Identified:
                _started.Add(1);
                break;
            case AuditKind.PasswordChanged:
                _completed.Add(1);
                break;
            case AuditKind.MailCapped:
                Rejected(Limits.MailCap);
                break;
            default:
                if (StepOf(kind) is { } step)
                {
                    _stepFailures.Add(1, new KeyValuePair<string, object?>("step", step));
                }

                break;
        }
    }

    public void Suspended(string kind) => _suspensions.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void SignInThresholdReached(string threshold) => _signInThresholds.Add(1, new KeyValuePair<string, object?>("threshold", threshold));

    public void Rejected(string limit) => _rejections.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void Rejected(ClientAction action) => Rejected(Limits.Of(action));

    public void KdfWaited(TimeSpan wait) => _kdfWait.Record(wait.TotalSeconds);

    public void MailAbandoned(AbandonReason reason) =>
        _mailAbandonments.Add(1, new KeyValuePair<string, object?>("reason", AbandonReasons.Of(reason)));

    /// <summary>Nothing (rather than a false zero) while the database does not answer.</summary>
    private static IEnumerable<Measurement<T>> Observe<T>(OutboxBacklog backlog, Func<OutboxBacklogReading, T> value)
        where T : struct =>
        backlog.Read() is { } reading ? [new Measurement<T>(value(reading))] : [];

    private static string? StepOf(AuditKind kind) => kind switch
    {
        AuditKind.CaptchaFailed => "identify",
        AuditKind.AnswersFailed => "answers",
        AuditKind.LinkInvalid or AuditKind.LinkExpired or AuditKind.LinkReused or AuditKind.LinkSuperseded => "link",
        AuditKind.PasswordRefused => "password",
        AuditKind.SignInFailed => "sign-in",
        AuditKind.MailFailed => "mail-delivery",
        _ => null,
    };

    /// <summary>The values of the limit tag: the per-IP limits by action, and the server-wide ones.</summary>
    public static class Limits
    {
        public const string SignInInFlight = "sign-in-in-flight";
        public const string Kdf = "kdf";
        public const string MailCap = "mail-cap";

        public static string Of(ClientAction action) => action switch
        {
            ClientAction.SignIn => "sign-in",
            ClientAction.Captcha => "captcha",
            ClientAction.Identify => "identify",
            ClientAction.AnswerCheck => "answer-check",
            ClientAction.LinkOpen => "link-open",
            ClientAction.Account => "account",
            _ => "other",
        };
    }

    /// <summary>The values of the reason tag on cmq.outbox.abandonments.</summary>
    public static class AbandonReasons
    {
        public const string Permanent = "permanent";
        public const string Exhausted = "exhausted";
        public const string Compose = "compose";

        public static string Of(AbandonReason reason) => reason switch
        {
            AbandonReason.Permanent => Permanent,
            AbandonReason.Exhausted => Exhausted,
            _ => Compose,
        };
    }

    public static class SuspensionKinds
    {
        public const string Identifier = "identifier";
        public const string Link = "link";
        public const string MemberCeiling = "member-ceiling";
    }

    public static class SignInThresholds
    {
        public const string Captcha = "captcha";
        public const string Lock = "lock";
    }
}
