using System.Security.Cryptography;
using SkiaSharp;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Draws the digits into a PNG: bold, dark, well spaced digits, each turned and shifted a little, the whole
/// gently waved, with thin light lines and dots. Meant to stop naive scripts while staying easy to read.
/// </summary>
public class CaptchaRenderer
{
    public const int Width = 240;
    public const int Height = 80;

    private const float FontSize = 48f;
    private const float Margin = 16f;
    private const float MaxTiltDegrees = 18f;
    private const float MaxShiftX = 3f;
    private const float MaxShiftY = 7f;
    private const float WaveAmplitude = 2.5f;

    // Dark inks (contrast above 10:1 on the light background) and light noise, so noise never passes for a digit.
    private static readonly SKColor[] Inks =
    [
        new(0x1B, 0x1B, 0x2F), new(0x0D, 0x2B, 0x55), new(0x4A, 0x10, 0x10), new(0x0E, 0x3B, 0x2A), new(0x2E, 0x1A, 0x47),
    ];

    private static readonly SKColor Background = new(0xFB, 0xFA, 0xF5);

    /// <summary>A PNG of <paramref name="digits"/>; the distortion and noise differ on every call.</summary>
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
        DrawDigits(canvas, digits, jitter);
        DrawLines(canvas, jitter);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void DrawDigits(SKCanvas canvas, string digits, Random jitter)
    {
        using var font = new SKFont(CaptchaFont.Typeface, FontSize) { Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        var wave = new Wave(jitter);
        var slot = (Width - 2 * Margin) / digits.Length;

        for (var i = 0; i < digits.Length; i++)
        {
            using var glyph = font.GetTextPath(digits[i].ToString(), new SKPoint(0, 0));
            var bounds = glyph.TightBounds;
            var centre = new SKPoint(
                Margin + slot * (i + 0.5f) + Between(jitter, -MaxShiftX, MaxShiftX),
                Height / 2f + Between(jitter, -MaxShiftY, MaxShiftY));
            var placement = SKMatrix.CreateTranslation(-bounds.MidX, -bounds.MidY)
                .PostConcat(SKMatrix.CreateRotationDegrees(Between(jitter, -MaxTiltDegrees, MaxTiltDegrees)))
                .PostConcat(SKMatrix.CreateTranslation(centre.X, centre.Y));

            using var placed = new SKPath();
            glyph.Transform(placement, placed);
            using var waved = wave.Apply(placed);
            paint.Color = Inks[jitter.Next(Inks.Length)];
            canvas.DrawPath(waved, paint);
        }
    }

    private static void DrawDots(SKCanvas canvas, Random jitter)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        for (var i = 0; i < 90; i++)
        {
            paint.Color = SKColor.FromHsl(Between(jitter, 0, 360), 35, Between(jitter, 72, 85));
            canvas.DrawCircle(Between(jitter, 0, Width), Between(jitter, 0, Height), Between(jitter, 0.8f, 1.8f), paint);
        }
    }

    private static void DrawLines(SKCanvas canvas, Random jitter)
    {
        // Thin and mid-light: they cross the digits without hiding a stroke.
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.4f };
        for (var i = 0; i < 4; i++)
        {
            paint.Color = SKColor.FromHsl(Between(jitter, 0, 360), 30, Between(jitter, 58, 70));
            canvas.DrawLine(
                Between(jitter, 0, Width / 3f), Between(jitter, 5, Height - 5),
                Between(jitter, Width * 2 / 3f, Width), Between(jitter, 5, Height - 5), paint);
        }
    }

    private static float Between(Random jitter, float min, float max) => min + (float)jitter.NextDouble() * (max - min);

    /// <summary>A gentle sine warp of every path point, so glyph outlines are not the font's exact shapes.</summary>
    private sealed class Wave(Random jitter)
    {
        private readonly float _phaseX = Between(jitter, 0, MathF.Tau);
        private readonly float _phaseY = Between(jitter, 0, MathF.Tau);
        private readonly float _periodX = Between(jitter, 55, 80);
        private readonly float _periodY = Between(jitter, 30, 45);

        public SKPath Apply(SKPath path)
        {
            using var builder = new SKPathBuilder { FillType = path.FillType };
            using var iterator = path.CreateRawIterator();
            Span<SKPoint> points = stackalloc SKPoint[4];
            SKPathVerb verb;
            while ((verb = iterator.Next(points)) != SKPathVerb.Done)
            {
                switch (verb)
                {
                    case SKPathVerb.Move:
                        builder.MoveTo(Warp(points[0]));
                        break;
                    case SKPathVerb.Line:
                        builder.LineTo(Warp(points[1]));
                        break;
                    case SKPathVerb.Quad:
                        builder.QuadTo(Warp(points[1]), Warp(points[2]));
                        break;
                    case SKPathVerb.Conic:
                        builder.ConicTo(Warp(points[1]), Warp(points[2]), iterator.ConicWeight());
                        break;
                    case SKPathVerb.Cubic:
                        builder.CubicTo(Warp(points[1]), Warp(points[2]), Warp(points[3]));
                        break;
                    case SKPathVerb.Close:
                        builder.Close();
                        break;
                }
            }

            return builder.Detach();
        }

        private SKPoint Warp(SKPoint p) => new(
            p.X + WaveAmplitude * MathF.Sin(p.Y * MathF.Tau / _periodY + _phaseX),
            p.Y + WaveAmplitude * MathF.Sin(p.X * MathF.Tau / _periodX + _phaseY));
    }
}
