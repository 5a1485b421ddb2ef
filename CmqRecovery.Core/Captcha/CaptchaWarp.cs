using SkiaSharp;

namespace CmqRecovery.Core.Captcha;

/// <summary>A sine warp of every path point, so outlines are never the font's exact shapes.</summary>
internal sealed class CaptchaWarp(Random jitter, float amplitude)
{
    private readonly float _phaseX = CaptchaRenderer.Between(jitter, 0, MathF.Tau);
    private readonly float _phaseY = CaptchaRenderer.Between(jitter, 0, MathF.Tau);
    private readonly float _periodX = CaptchaRenderer.Between(jitter, 45, 75);
    private readonly float _periodY = CaptchaRenderer.Between(jitter, 25, 40);

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
        p.X + amplitude * MathF.Sin(p.Y * MathF.Tau / _periodY + _phaseX),
        p.Y + amplitude * MathF.Sin(p.X * MathF.Tau / _periodX + _phaseY));
}
