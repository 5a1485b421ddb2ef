using CmqRecovery.Core.Register;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Core.Operations;

/// <summary>What the retention job keeps, and how often it runs (section "Retention").</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>The hour ConfirmEmail's mail cap counts links back over: no link younger than this may go.</summary>
    public static readonly TimeSpan MailCapWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a revoked sign-in session's row is kept. Not for safety: a missing row refuses its cookie exactly as a
    /// revoked one does (the purge deletes, it never un-revokes). For visibility: nothing else records a sign-out, so
    /// for an hour the row still shows that and when the member ended that session (a support call, an incident looked
    /// at the same day). Ended sessions need no grace: their end is the row's ExpiresAt, fixed at sign-in. A constant,
    /// not a setting: every row is gone SignIn:SessionLifetime after sign-in at the latest anyway (12 h by default).
    /// </summary>
    public static readonly TimeSpan RevokedSessionGrace = TimeSpan.FromHours(1);

    /// <summary>How often each node runs a pass (the first at start-up). Passes on several nodes at once are harmless.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Audit events older than this are deleted.</summary>
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// A link is kept this long after it expired, was used or was superseded, so an old link still says why it no
    /// longer works. At least <see cref="MailCapWindow"/>, which the mail cap counts.
    /// </summary>
    public TimeSpan LinkGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Sent mail (its body already erased) and mail abandoned after its retries are kept this long.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A register invitation is kept this long after it was used or superseded, so its link still says why it no longer
    /// works. At least <see cref="RegisterOptions.InvitationBudgetWindow"/>, the hour members invite counts its budget over:
    /// no invitation that budget still counts may go.
    /// </summary>
    public TimeSpan InvitationRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A four-eyes email change proposal (staff console) is kept this long after it was approved or rejected, or after it
    /// expired undecided. No rule reads a closed proposal (only a pending, unexpired one blocks another); the row holds the
    /// proposed address and the agent's note, personal data with no use left. Who proposed, verified, approved or
    /// rejected, and when, stays in the audit rows (Retention:AuditRetention), which never carry the address.
    /// </summary>
    public TimeSpan EmailChangeRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Rows per delete statement: short statements, short locks.</summary>
    public int BatchSize { get; set; } = 1000;
}

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var problems = new List<string>();
        if (options.Interval <= TimeSpan.Zero)
        {
            problems.Add("Retention:Interval must be positive.");
        }

        if (options.AuditRetention <= TimeSpan.Zero || options.OutboxRetention <= TimeSpan.Zero)
        {
            problems.Add("Retention:AuditRetention and Retention:OutboxRetention must be positive.");
        }

        if (options.EmailChangeRetention <= TimeSpan.Zero)
        {
            problems.Add("Retention:EmailChangeRetention must be positive.");
        }

        if (options.LinkGrace < RetentionOptions.MailCapWindow)
        {
            problems.Add($"Retention:LinkGrace must be at least {RetentionOptions.MailCapWindow} (the hour the reset-mail cap counts links over).");
        }

        if (options.InvitationRetention < RegisterOptions.InvitationBudgetWindow)
        {
            problems.Add($"Retention:InvitationRetention must be at least {RegisterOptions.InvitationBudgetWindow} (the hour members invite counts its budget over).");
        }

        if (options.BatchSize < 1)
        {
            problems.Add("Retention:BatchSize must be at least 1.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
