using CmqRecovery.Core.Captcha;
using SkiaSharp;

namespace CmqRecovery.Tests.Core.Captcha;

/// <summary>Reads a captcha PNG back: how much dark ink it holds, overall and column by column.</summary>
internal static class CaptchaPixels
{
    // The renderer's inks (digits and crossing strokes) are far below this; its background dots far above.
    private const double DarkLuminance = 100;

    public static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new Xunit.Sdk.XunitException("The captcha is not a decodable image.");

    public static int DarkPixels(SKBitmap bitmap, int fromX = 0, int toX = int.MaxValue)
    {
        var count = 0;
        for (var x = Math.Max(0, fromX); x < Math.Min(bitmap.Width, toX); x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                var c = bitmap.GetPixel(x, y);
                if (0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue < DarkLuminance)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>For each column, whether it holds dark ink: where the digits and clutter lie across the image.</summary>
    public static bool[] InkColumns(SKBitmap bitmap) =>
        Enumerable.Range(0, bitmap.Width).Select(x => DarkPixels(bitmap, x, x + 1) > 3).ToArray();

    public static bool SamePixels(SKBitmap a, SKBitmap b) =>
        a.Width == b.Width && a.Height == b.Height && a.GetPixelSpan().SequenceEqual(b.GetPixelSpan());
}

/// <summary>The real renderer, remembering what it was asked to draw: the only way a test learns a CSPRNG code.</summary>
internal sealed class RecordingCaptchaRenderer : CaptchaRenderer
{
    private readonly List<string> _drawn = [];

    public IReadOnlyList<string> Drawn
    {
        get
        {
            lock (_drawn)
            {
                return [.. _drawn];
            }
        }
    }

    public override byte[] Render(string digits)
    {
        lock (_drawn)
        {
            _drawn.Add(digits);
        }

        return base.Render(digits);
    }
}
