using System.Collections.Frozen;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Web.Staff;

/// <summary>
/// The one place that turns an audit kind or a mail kind into the words the console shows: the people answering the
/// support number read « Suspension levée par le soutien », not <c>StaffSuspensionLifted</c>. Forms and the CSV
/// keep the code (stable for machines); only what a person reads goes through here.
/// </summary>
public static class KindLabels
{
    // Keys written out, not built from the name: ResourceKeysUsedTests finds every key in the code, and a kind missing
    // here falls back to its code, which KindLabelsTests refuses.
    private static readonly FrozenDictionary<string, string> MailKeys = new Dictionary<string, string>
    {
        [MailKinds.ResetLink] = "MailKindResetLink",
        [MailKinds.PasswordChanged] = "MailKindPasswordChanged",
        [MailKinds.EmailChanged] = "MailKindEmailChanged",
        [MailKinds.Invitation] = "MailKindInvitation",
        [MailKinds.QuestionsChanged] = "MailKindQuestionsChanged",
        [MailKinds.SuspensionLifted] = "MailKindSuspensionLifted",
        [MailKinds.SignInUnlocked] = "MailKindSignInUnlocked",
        [MailKinds.Notice(MemberNotice.RecoverySuspended)] = "MailKindNoticeRecoverySuspended",
        [MailKinds.Notice(MemberNotice.SignInCaptcha)] = "MailKindNoticeSignInCaptcha",
        [MailKinds.Notice(MemberNotice.SignInLocked)] = "MailKindNoticeSignInLocked",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The audit kind in the current culture's words; its code name when it has none.</summary>
    public static string Audit(IStringLocalizer localizer, AuditKind kind) => Read(localizer, AuditKey(kind), kind.ToString());

    /// <summary>The mail kind (<see cref="MailKinds"/>) in the current culture's words; the stored code when it has none (a kind a newer node wrote).</summary>
    public static string Mail(IStringLocalizer localizer, string kind) =>
        Read(localizer, MailKeys.GetValueOrDefault(kind), kind);

    private static string Read(IStringLocalizer localizer, string? key, string code)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (key is null)
        {
            return code;
        }

        var text = localizer[key];
        return text.ResourceNotFound ? code : text.Value;
    }

    private static string? AuditKey(AuditKind kind) => kind switch
    {
        AuditKind.Identified => "AuditKindIdentified",
        AuditKind.CaptchaFailed => "AuditKindCaptchaFailed",
        AuditKind.AnswersFailed => "AuditKindAnswersFailed",
        AuditKind.AnswersPassed => "AuditKindAnswersPassed",
        AuditKind.EmailConfirmed => "AuditKindEmailConfirmed",
        AuditKind.EmailDisputed => "AuditKindEmailDisputed",
        AuditKind.MailQueued => "AuditKindMailQueued",
        AuditKind.MailCapped => "AuditKindMailCapped",
        AuditKind.MailSent => "AuditKindMailSent",
        AuditKind.MailFailed => "AuditKindMailFailed",
        AuditKind.LinkOpened => "AuditKindLinkOpened",
        AuditKind.LinkInvalid => "AuditKindLinkInvalid",
        AuditKind.LinkExpired => "AuditKindLinkExpired",
        AuditKind.LinkReused => "AuditKindLinkReused",
        AuditKind.LinkSuperseded => "AuditKindLinkSuperseded",
        AuditKind.PasswordRefused => "AuditKindPasswordRefused",
        AuditKind.PasswordChanged => "AuditKindPasswordChanged",
        AuditKind.Suspended => "AuditKindSuspended",
        AuditKind.SignInSucceeded => "AuditKindSignInSucceeded",
        AuditKind.SignInFailed => "AuditKindSignInFailed",
        AuditKind.SignInLockedOut => "AuditKindSignInLockedOut",
        AuditKind.SignInCaptchaRequired => "AuditKindSignInCaptchaRequired",
        AuditKind.MemberCeilingReached => "AuditKindMemberCeilingReached",
        AuditKind.MailAbandoned => "AuditKindMailAbandoned",
        AuditKind.MemberAdded => "AuditKindMemberAdded",
        AuditKind.MemberChanged => "AuditKindMemberChanged",
        AuditKind.MemberDeactivated => "AuditKindMemberDeactivated",
        AuditKind.InvitationQueued => "AuditKindInvitationQueued",
        AuditKind.InvitationOpened => "AuditKindInvitationOpened",
        AuditKind.InvitationRefused => "AuditKindInvitationRefused",
        AuditKind.MemberActivated => "AuditKindMemberActivated",
        AuditKind.QuestionsChanged => "AuditKindQuestionsChanged",
        AuditKind.QuestionsRefused => "AuditKindQuestionsRefused",
        AuditKind.CurrentPasswordFailed => "AuditKindCurrentPasswordFailed",
        AuditKind.SessionsEnded => "AuditKindSessionsEnded",
        AuditKind.StaffMemberLookedUp => "AuditKindStaffMemberLookedUp",
        AuditKind.OidcAuthorizationGranted => "AuditKindOidcAuthorizationGranted",
        AuditKind.OidcRefreshReused => "AuditKindOidcRefreshReused",
        AuditKind.OidcSignedOut => "AuditKindOidcSignedOut",
        AuditKind.StaffStatusViewed => "AuditKindStaffStatusViewed",
        AuditKind.StaffSuspensionLifted => "AuditKindStaffSuspensionLifted",
        AuditKind.StaffSignInLockLifted => "AuditKindStaffSignInLockLifted",
        AuditKind.StaffMailResent => "AuditKindStaffMailResent",
        AuditKind.StaffEmailChangeProposed => "AuditKindStaffEmailChangeProposed",
        AuditKind.StaffEmailChangeApproved => "AuditKindStaffEmailChangeApproved",
        AuditKind.StaffEmailChangeRejected => "AuditKindStaffEmailChangeRejected",
        AuditKind.StaffDisputeHandled => "AuditKindStaffDisputeHandled",
        AuditKind.StaffAuditExported => "AuditKindStaffAuditExported",
        AuditKind.StaffMailClosed => "AuditKindStaffMailClosed",
        AuditKind.StaffInvitationSent => "AuditKindStaffInvitationSent",
        AuditKind.StaffSignedIn => "AuditKindStaffSignedIn",
        AuditKind.StaffSignedOut => "AuditKindStaffSignedOut",
        _ => null,
    };
}
