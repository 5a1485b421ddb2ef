using CmqRecovery.Core.Captcha;

namespace CmqRecovery.Tests.Core.Captcha;

public sealed class CaptchaRendererTests
{
    [Fact]
    public void Render_FiveDigits_DrawsDarkInkInEveryDigitSlot()
    {
        using var bitmap = CaptchaPixels.Decode(new CaptchaRenderer().Render("80531"));

        Assert.Equal(CaptchaRenderer.Width, bitmap.Width);
        Assert.Equal(CaptchaRenderer.Height, bitmap.Height);
        Assert.All(CaptchaPixels.DarkPixelsPerSlot(bitmap), dark => Assert.True(dark > 80, $"only {dark} dark pixels in a digit slot"));
    }

    [Fact]
    public void Render_Blanks_DrawsNoDarkInk()
    {
        // The control for the test above: noise alone never counts as ink, so the ink there is the font's.
        using var bitmap = CaptchaPixels.Decode(CaptchaRenderer.Render("     ", new Random(7)));

        Assert.Equal(0, CaptchaPixels.DarkPixels(bitmap));
    }

    [Fact]
    public void Render_SameSeedSameCode_DrawsSameImage()
    {
        using var first = CaptchaPixels.Decode(CaptchaRenderer.Render("24680", new Random(42)));
        using var second = CaptchaPixels.Decode(CaptchaRenderer.Render("24680", new Random(42)));

        Assert.True(CaptchaPixels.SamePixels(first, second));
    }

    [Fact]
    public void Render_SameSeedDifferentCodes_DrawsDifferentImages()
    {
        using var first = CaptchaPixels.Decode(CaptchaRenderer.Render("24680", new Random(42)));
        using var second = CaptchaPixels.Decode(CaptchaRenderer.Render("13579", new Random(42)));

        Assert.False(CaptchaPixels.SamePixels(first, second));
    }

    [Fact]
    public void Render_SameCodeTwice_DistortsDifferently()
    {
        var renderer = new CaptchaRenderer();
        using var first = CaptchaPixels.Decode(renderer.Render("24680"));
        using var second = CaptchaPixels.Decode(renderer.Render("24680"));

        Assert.False(CaptchaPixels.SamePixels(first, second));
    }
}
