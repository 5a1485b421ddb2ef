using CmqRecovery.Core.Captcha;
using CmqRecovery.Tests.TestSupport;
using SkiaSharp;

namespace CmqRecovery.Tests.Core.Captcha;

/// <summary>
/// Issue 9: Debian's tesseract, tried as an attacker would (one text line, digits only), must read fewer than 2%
/// of the captchas exactly right, raw and after a 50% grey threshold. Seeded codes and distortions make the run
/// reproducible; tools/captcha-ocr/measure.sh measures 200 production-drawn ones the same way.
/// </summary>
[Trait("Category", "Ocr")]
public sealed class CaptchaOcrTests
{
    private const int Samples = 60;

    [ToolFact("tesseract", "tesseract-ocr")]
    public async Task Tesseract_SixtyCaptchasRawAndBinarised_ReadsFewerThanTwoPercent()
    {
        var folder = Directory.CreateTempSubdirectory("cmqrecovery-ocr-");
        try
        {
            var random = new Random(2026);
            var samples = Enumerable.Range(0, Samples).Select(i =>
            {
                var code = CaptchaCode.Generate(random);
                var png = CaptchaRenderer.Render(code, random);
                var raw = Path.Combine(folder.FullName, $"{i:00}-raw.png");
                var binarised = Path.Combine(folder.FullName, $"{i:00}-bw.png");
                File.WriteAllBytes(raw, png);
                File.WriteAllBytes(binarised, Binarise(png));
                return (Code: code, Raw: raw, Binarised: binarised);
            }).ToList();

            var rawHits = 0;
            var binarisedHits = 0;
            // Two at a time: tesseract is single-threaded per image and the machine has two cores.
            await Parallel.ForEachAsync(samples, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (sample, _) =>
            {
                if (await ReadAsync(sample.Raw) == sample.Code)
                {
                    Interlocked.Increment(ref rawHits);
                }

                if (await ReadAsync(sample.Binarised) == sample.Code)
                {
                    Interlocked.Increment(ref binarisedHits);
                }
            });

            // Fewer than 2% of 60 means at most one.
            Assert.True(rawHits * 50 < Samples, $"tesseract read {rawHits} of {Samples} raw captchas exactly");
            Assert.True(binarisedHits * 50 < Samples, $"tesseract read {binarisedHits} of {Samples} binarised captchas exactly");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [ToolFact("tesseract", "tesseract-ocr")]
    public async Task Tesseract_PlainDigits_ReadsThem()
    {
        // The control: the same reader, given undistorted digits in the captcha's font, reads them. So the test
        // above measures the captcha, not a broken tesseract call.
        var path = Path.Combine(Path.GetTempPath(), $"cmqrecovery-ocr-plain-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, PlainDigits("48250"));
        try
        {
            Assert.Equal("48250", await ReadAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string> ReadAsync(string png)
    {
        var text = await ExternalTool.RunAsync("tesseract", png, "-", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789");
        return string.Concat(text.Where(char.IsAsciiDigit));
    }

    /// <summary>Grey, then black below 50% and white above: the simplest clean-up an attacker would try.</summary>
    private static byte[] Binarise(byte[] png)
    {
        using var bitmap = CaptchaPixels.Decode(png);
        using var bw = new SKBitmap(bitmap.Width, bitmap.Height);
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                var c = bitmap.GetPixel(x, y);
                var grey = 0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue;
                bw.SetPixel(x, y, grey < 128 ? SKColors.Black : SKColors.White);
            }
        }

        using var data = bw.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] PlainDigits(string digits)
    {
        using var surface = SKSurface.Create(new SKImageInfo(CaptchaRenderer.Width, CaptchaRenderer.Height));
        surface.Canvas.Clear(SKColors.White);
        using var font = new SKFont(CaptchaFonts.Typefaces[0], 40);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        surface.Canvas.DrawText(digits, 20, 55, SKTextAlign.Left, font, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
