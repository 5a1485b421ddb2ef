using SkiaSharp;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// The embedded DejaVu Sans Bold, loaded once. SkiaSharp's Linux assets find no system font (SKTypeface.Default
/// draws nothing), so the captcha carries its own.
/// </summary>
internal static class CaptchaFont
{
    private const string FileName = "DejaVuSans-Bold.ttf";

    private static readonly Lazy<SKTypeface> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static SKTypeface Typeface => Loaded.Value;

    private static SKTypeface Load()
    {
        var assembly = typeof(CaptchaFont).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + FileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The captcha font {FileName} is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"SkiaSharp could not load the captcha font {name}.");
    }
}
