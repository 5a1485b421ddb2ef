using SkiaSharp;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// The DejaVu faces embedded in this assembly (licence: Fonts/LICENSE-DejaVu.txt), loaded once. SkiaSharp's
/// Linux assets find no system font (SKTypeface.Default draws nothing), so the captcha carries its own. Three
/// upright bold faces (sans, condensed sans, serif) give each digit one of several shapes. Tried and dropped:
/// an italic serif (its 4 and 2 pass for a 1) and the mono face (its dotted 0 reads as an o).
/// </summary>
internal static class CaptchaFonts
{
    private static readonly string[] FileNames =
    [
        "DejaVuSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSerif-Bold.ttf",
    ];

    private static readonly Lazy<SKTypeface[]> Loaded = new(() => [.. FileNames.Select(Load)], LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyList<SKTypeface> Typefaces => Loaded.Value;

    private static SKTypeface Load(string fileName)
    {
        var assembly = typeof(CaptchaFonts).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The captcha font {fileName} is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"SkiaSharp could not load the captcha font {name}.");
    }
}
