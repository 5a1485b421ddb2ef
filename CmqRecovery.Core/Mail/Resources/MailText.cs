namespace CmqRecovery.Core.Mail.Resources;

/// <summary>
/// Marker for IStringLocalizer&lt;MailText&gt; and the names of its strings: MailText.resx is French (the default
/// culture), MailText.en.resx English. Tests check each name below exists, non-empty, in both files.
/// </summary>
public sealed class MailText
{
    private MailText()
    {
    }

    internal const string ResetLinkSubject = nameof(ResetLinkSubject);
    internal const string PasswordChangedSubject = nameof(PasswordChangedSubject);
    internal const string Greeting = nameof(Greeting);
    internal const string ResetLinkRequested = nameof(ResetLinkRequested);
    internal const string ResetLinkClick = nameof(ResetLinkClick);
    internal const string ResetLinkValidity = nameof(ResetLinkValidity);
    internal const string ResetLinkIgnore = nameof(ResetLinkIgnore);
    internal const string PasswordChangedOn = nameof(PasswordChangedOn);
    internal const string PasswordChangedByYou = nameof(PasswordChangedByYou);
    internal const string PasswordChangedNotByYou = nameof(PasswordChangedNotByYou);
    internal const string Thanks = nameof(Thanks);
    internal const string SignatureCollege = nameof(SignatureCollege);
    internal const string SignatureSupport = nameof(SignatureSupport);
    internal const string DurationHours = nameof(DurationHours);
    internal const string DurationOneMinute = nameof(DurationOneMinute);
    internal const string DurationMinutes = nameof(DurationMinutes);
    internal const string DateTimeFormat = nameof(DateTimeFormat);
    internal const string ZoneStandard = nameof(ZoneStandard);
    internal const string ZoneDaylight = nameof(ZoneDaylight);
    internal const string NoticeSignInCaptchaSubject = nameof(NoticeSignInCaptchaSubject);
    internal const string NoticeSignInCaptchaHappened = nameof(NoticeSignInCaptchaHappened);
    internal const string NoticeSignInCaptchaLink = nameof(NoticeSignInCaptchaLink);
    internal const string NoticeSignInCaptchaNotYou = nameof(NoticeSignInCaptchaNotYou);
    internal const string NoticeSignInLockedSubject = nameof(NoticeSignInLockedSubject);
    internal const string NoticeSignInLockedHappened = nameof(NoticeSignInLockedHappened);
    internal const string NoticeSignInLockedLink = nameof(NoticeSignInLockedLink);
    internal const string NoticeSignInLockedNotYou = nameof(NoticeSignInLockedNotYou);
    internal const string NoticeRecoverySuspendedSubject = nameof(NoticeRecoverySuspendedSubject);
    internal const string NoticeRecoverySuspendedHappened = nameof(NoticeRecoverySuspendedHappened);
    internal const string NoticeRecoverySuspendedLink = nameof(NoticeRecoverySuspendedLink);
    internal const string NoticeRecoverySuspendedNotYou = nameof(NoticeRecoverySuspendedNotYou);
    internal const string QuestionsChangedSubject = nameof(QuestionsChangedSubject);
    internal const string QuestionsChangedOn = nameof(QuestionsChangedOn);
    internal const string QuestionsChangedByYou = nameof(QuestionsChangedByYou);
    internal const string QuestionsChangedNotByYou = nameof(QuestionsChangedNotByYou);
    internal const string RegisterEmailChangedSubject = nameof(RegisterEmailChangedSubject);
    internal const string RegisterEmailChangedWhat = nameof(RegisterEmailChangedWhat);
    internal const string RegisterEmailChangedNotYou = nameof(RegisterEmailChangedNotYou);
    internal const string RegisterInvitationSubject = nameof(RegisterInvitationSubject);
    internal const string RegisterInvitationWhat = nameof(RegisterInvitationWhat);
    internal const string RegisterInvitationValidity = nameof(RegisterInvitationValidity);
    internal const string RegisterInvitationIgnore = nameof(RegisterInvitationIgnore);
    internal const string RegisterDurationDays = nameof(RegisterDurationDays);

    // Staff console's notices (CmqRecovery.Core/Staff/README.md).
    internal const string StaffSuspensionLiftedSubject = nameof(StaffSuspensionLiftedSubject);
    internal const string StaffSuspensionLiftedOn = nameof(StaffSuspensionLiftedOn);
    internal const string StaffSuspensionLiftedLink = nameof(StaffSuspensionLiftedLink);
    internal const string StaffSignInUnlockedSubject = nameof(StaffSignInUnlockedSubject);
    internal const string StaffSignInUnlockedOn = nameof(StaffSignInUnlockedOn);
    internal const string StaffSignInUnlockedLink = nameof(StaffSignInUnlockedLink);
    internal const string StaffActionNotYou = nameof(StaffActionNotYou);
}
