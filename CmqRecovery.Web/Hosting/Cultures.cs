using System.Globalization;

namespace CmqRecovery.Web.Hosting;

/// <summary>French first (fr-CA, the default), English second.</summary>
public static class Cultures
{
    public const string French = "fr-CA";
    public const string English = "en-CA";

    public static readonly string[] Supported = [French, English];

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Current => IsEnglish ? English : French;

    /// <summary>The culture the language switch offers: the other one.</summary>
    public static string Other => IsEnglish ? French : English;
}
