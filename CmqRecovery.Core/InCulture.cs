using System.Globalization;

namespace CmqRecovery.Core;

/// <summary>
/// Reads texts in one given language. IStringLocalizer reads the current UI culture, and a bilingual mail or page
/// needs both languages whatever the reader's, so each is read with the culture set for the duration of a synchronous
/// call: nothing awaits inside, so the culture cannot leak to other work.
/// </summary>
public static class InCulture
{
    public static T Read<T>(CultureInfo culture, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
