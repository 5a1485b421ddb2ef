using System.Globalization;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Recovery;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CmqRecovery.Web.Resources;

/// <summary>
/// The page texts that quote a setting: the support phone, the suspension's length, the link's lifetime, the password
/// length. Each comes from the option (or constant) that enforces it, so changing a setting changes every text.
/// </summary>
public sealed class SettingTexts(IStringLocalizer<Strings> text, IOptions<RecoveryOptions> options, DurationFormatter durations)
{
    private RecoveryOptions Recovery => options.Value;

    public string SupportPhone => Recovery.SupportPhone;

    /// <summary>tel: with the digits only, as +1-514-933-4325 for a North American number.</summary>
    public string SupportPhoneHref
    {
        get
        {
            var digits = new string(SupportPhone.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length == 11 && digits[0] == '1')
            {
                digits = digits[1..];
            }

            return digits.Length == 10 ? $"tel:+1-{digits[..3]}-{digits[3..6]}-{digits[6..]}" : $"tel:{digits}";
        }
    }

    public string SupportLine => Format("SupportPhone", SupportPhone);

    public string UnexpectedError => Format("ErrorUnexpected", SupportPhone);

    public string RecoveryContact => Format("RecoveryContact", SupportPhone);

    public string Suspended => Format("SuspendedText", durations.Format(Recovery.SuspensionDuration), SupportPhone);

    public string LinkSuspended => Format("SuspendedLinkText", durations.Format(Recovery.SuspensionDuration), SupportPhone);

    public string LinkLifetime => Format("MailSentLifetime", durations.Format(Recovery.LinkLifetime));

    public string PasswordPolicy => Format("PasswordPolicySentence", Core.Recovery.PasswordPolicy.MinLength, Core.Recovery.PasswordPolicy.MaxLength);

    /// <summary>Why a password is refused, with the limit it broke.</summary>
    public string Refusal(PasswordRefusal refusal) => refusal switch
    {
        PasswordRefusal.TooShort => Format("RefusalTooShort", Core.Recovery.PasswordPolicy.MinLength),
        PasswordRefusal.TooLong => Format("RefusalTooLong", Core.Recovery.PasswordPolicy.MaxLength),
        PasswordRefusal.ContainsCollegeWord => Format("RefusalContainsCollegeWord", string.Join(", ", Core.Recovery.PasswordPolicy.CollegeWords)),
        _ => text[$"Refusal{refusal}"],
    };

    private string Format(string name, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, text[name], arguments);
}
