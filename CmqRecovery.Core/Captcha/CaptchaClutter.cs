using SkiaSharp;

namespace CmqRecovery.Core.Captcha;

/// <summary>
/// Strokes drawn over the digits in the digits' own inks: three long curves through the whole row and a few short
/// arcs like stray pen strokes. Thinner than a digit's stroke, so a person sees through them; the same colour
/// and darkness, so no threshold or colour filter removes them for a machine.
/// </summary>
internal static class CaptchaClutter
{
    public static void Draw(SKCanvas canvas, SKRect band, SKColor[] inks, Random jitter)
    {
        using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round };
        var top = Math.Max(4f, band.Top + 6f);
        var bottom = Math.Min(CaptchaRenderer.Height - 4f, band.Bottom - 6f);
        if (bottom <= top)
        {
            (top, bottom) = (4f, CaptchaRenderer.Height - 4f);
        }

        for (var i = 0; i < 3; i++)
        {
            paint.Color = inks[jitter.Next(inks.Length)];
            paint.StrokeWidth = CaptchaRenderer.Between(jitter, 1.6f, 2.4f);
            using var builder = new SKPathBuilder();
            builder.MoveTo(CaptchaRenderer.Between(jitter, 0, band.Left + 10), Y(jitter, top, bottom));
            builder.CubicTo(
                CaptchaRenderer.Between(jitter, band.Left, band.MidX), Y(jitter, top - 15, bottom + 15),
                CaptchaRenderer.Between(jitter, band.MidX, band.Right), Y(jitter, top - 15, bottom + 15),
                CaptchaRenderer.Between(jitter, band.Right - 10, CaptchaRenderer.Width), Y(jitter, top, bottom));
            using var curve = builder.Detach();
            canvas.DrawPath(curve, paint);
        }

        var arcs = jitter.Next(2, 5);
        for (var i = 0; i < arcs; i++)
        {
            paint.Color = inks[jitter.Next(inks.Length)];
            paint.StrokeWidth = CaptchaRenderer.Between(jitter, 1.8f, 3f);
            var radius = CaptchaRenderer.Between(jitter, 6f, 14f);
            var x = CaptchaRenderer.Between(jitter, band.Left, band.Right);
            var y = Y(jitter, top, bottom);
            canvas.DrawArc(
                new SKRect(x - radius, y - radius, x + radius, y + radius),
                CaptchaRenderer.Between(jitter, 0, 360), CaptchaRenderer.Between(jitter, 60, 160), false, paint);
        }
    }

    private static float Y(Random jitter, float top, float bottom) => CaptchaRenderer.Between(jitter, top, bottom);
}
