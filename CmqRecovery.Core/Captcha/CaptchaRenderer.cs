using System.Security.Cryptography;
using SkiaSharp;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Draws the digits into a PNG meant for people and against OCR: each digit in one of three typefaces, its own
/// size, width, slant and tilt, some hollow; digits overlap and sit at uneven heights, no fixed slots; the whole
/// is waved; then strokes in the digits' own inks cross them, so no colour or threshold separates clutter from
/// digits. The alphabet (<see cref="CaptchaCode.Alphabet"/>) leaves out the digits people confuse.
/// </summary>
public class CaptchaRenderer
{
    public const int Width = 240;
    public const int Height = 80;

    private const float MinFontSize = 46f;
    private const float MaxFontSize = 60f;
    private const float MaxRise = 9f;
    private const float MaxTiltDegrees = 20f;
    private const float MaxSkew = 0.15f;
    private const float HollowStroke = 3f;
    private const double HollowChance = 0.25;
    private const int ZLibLevel = 3;
    private const float WaveAmplitude = 3.5f;

    // Dark inks (contrast above 10:1 on the light background), shared by digits and clutter.
    private static readonly SKColor[] Inks =
    [
        new(0x1B, 0x1B, 0x2F), new(0x0D, 0x2B, 0x55), new(0x4A, 0x10, 0x10), new(0x0E, 0x3B, 0x2A), new(0x2E, 0x1A, 0x47),
    ];

    private static readonly SKColor Background = new(0xFB, 0xFA, 0xF5);

    /// <summary>A PNG of <paramref name="digits"/>; shapes, placement and clutter differ on every call.</summary>
    public virtual byte[] Render(string digits) =>
        Render(digits, new Random(RandomNumberGenerator.GetInt32(int.MaxValue)));

    /// <summary>Deterministic for a given <paramref name="jitter"/> seed, so tests can compare images.</summary>
    internal static byte[] Render(string digits, Random jitter)
    {
        ArgumentException.ThrowIfNullOrEmpty(digits);

        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("SkiaSharp could not create the captcha surface.");
        var canvas = surface.Canvas;
        canvas.Clear(Background);

        DrawDots(canvas, jitter);
        var band = DrawDigits(canvas, digits, jitter);
        CaptchaClutter.Draw(canvas, band, Inks, jitter);

        // Sub filter and zlib level 3: half the encode time of Skia's defaults for about 1% more bytes.
        using var pixels = surface.PeekPixels() ?? throw new InvalidOperationException("SkiaSharp could not read the captcha surface.");
        using var png = pixels.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, ZLibLevel))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the captcha.");
        return png.ToArray();
    }

    internal static float Between(Random jitter, float min, float max) => min + (float)jitter.NextDouble() * (max - min);

    /// <summary>Draws the digits and returns the box they cover, where the clutter goes.</summary>
    private static SKRect DrawDigits(SKCanvas canvas, string digits, Random jitter)
    {
        var glyphs = new List<(SKPath Path, SKColor Ink, bool Hollow)>(digits.Length);
        var cursor = 0f;
        foreach (var digit in digits)
        {
            var path = ShapeGlyph(digit, jitter);
            var bounds = path.TightBounds;
            // Each digit starts a few pixels inside the previous one: touching shapes defeat segmentation.
            var overlap = glyphs.Count == 0 ? 0 : Between(jitter, -5f, 4f);
            var middle = Math.Clamp(Height / 2f + Between(jitter, -MaxRise, MaxRise), 2f + bounds.Height / 2, Height - 2f - bounds.Height / 2);
            path.Transform(SKMatrix.CreateTranslation(cursor - overlap - bounds.Left, middle - bounds.MidY));
            cursor += bounds.Width - overlap;
            // At most one hollow digit: two outlines overlapping each other are hard for people too.
            var hollow = !glyphs.Exists(g => g.Hollow) && jitter.NextDouble() < HollowChance;
            glyphs.Add((path, Inks[jitter.Next(Inks.Length)], hollow));
        }

        // Squeeze the row into the image if it came out too wide, then place it anywhere that fits.
        var fit = Math.Min(1f, (Width - 8f) / cursor);
        var left = Between(jitter, 4f, Math.Max(4f, Width - 4f - cursor * fit));
        var place = SKMatrix.CreateScale(fit, 1f).PostConcat(SKMatrix.CreateTranslation(left, 0));
        var wave = new CaptchaWarp(jitter, WaveAmplitude);

        using var paint = new SKPaint { IsAntialias = true, StrokeWidth = HollowStroke, StrokeJoin = SKStrokeJoin.Round };
        var band = SKRect.Empty;
        foreach (var (path, ink, hollow) in glyphs)
        {
            path.Transform(place);
            using var waved = wave.Apply(path);
            paint.Color = ink;
            paint.Style = hollow ? SKPaintStyle.Stroke : SKPaintStyle.Fill;
            canvas.DrawPath(waved, paint);
            band = band.IsEmpty ? waved.TightBounds : SKRect.Union(band, waved.TightBounds);
            path.Dispose();
        }

        return band;
    }

    /// <summary>One digit's outline in a random face, size, width, slant and tilt, centred on the origin.</summary>
    private static SKPath ShapeGlyph(char digit, Random jitter)
    {
        var typefaces = CaptchaFonts.Typefaces;
        using var font = new SKFont(typefaces[jitter.Next(typefaces.Count)], Between(jitter, MinFontSize, MaxFontSize))
        {
            Edging = SKFontEdging.Antialias,
            ScaleX = Between(jitter, 0.85f, 1.2f),
        };
        using var glyph = font.GetTextPath(digit.ToString(), new SKPoint(0, 0));
        var bounds = glyph.TightBounds;
        var shape = SKMatrix.CreateTranslation(-bounds.MidX, -bounds.MidY)
            .PostConcat(SKMatrix.CreateSkew(Between(jitter, -MaxSkew, MaxSkew), 0))
            .PostConcat(SKMatrix.CreateRotationDegrees(Between(jitter, -MaxTiltDegrees, MaxTiltDegrees)));
        var shaped = new SKPath();
        glyph.Transform(shape, shaped);
        return shaped;
    }

    private static void DrawDots(SKCanvas canvas, Random jitter)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        for (var i = 0; i < 50; i++)
        {
            paint.Color = SKColor.FromHsl(Between(jitter, 0, 360), 35, Between(jitter, 72, 85));
            canvas.DrawCircle(Between(jitter, 0, Width), Between(jitter, 0, Height), Between(jitter, 0.8f, 1.8f), paint);
        }
    }
}
