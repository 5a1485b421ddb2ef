using CmqRecovery.Core.Captcha;

namespace CmqRecovery.Tests.Core.Captcha;

public sealed class CaptchaRendererTests
{
    [Fact]
    public void Render_FiveDigits_DrawsMuchMoreInkThanTheClutterAlone()
    {
        // Same seed, same clutter budget: what the digits add is the font's ink, well beyond the crossing strokes.
        using var digits = CaptchaPixels.Decode(CaptchaRenderer.Render("80532", new Random(7)));
        using var blanks = CaptchaPixels.Decode(CaptchaRenderer.Render("     ", new Random(7)));

        Assert.Equal(CaptchaRenderer.Width, digits.Width);
        Assert.Equal(CaptchaRenderer.Height, digits.Height);
        var withDigits = CaptchaPixels.DarkPixels(digits);
        var clutterOnly = CaptchaPixels.DarkPixels(blanks);
        Assert.True(withDigits > 2 * clutterOnly, $"{withDigits} dark pixels with digits, {clutterOnly} without");
    }

    [Fact]
    public void Render_Blanks_StillDrawsDarkClutter()
    {
        // The clutter is in the digits' own dark inks, so no threshold separates it from them.
        using var bitmap = CaptchaPixels.Decode(CaptchaRenderer.Render("     ", new Random(7)));

        Assert.True(CaptchaPixels.DarkPixels(bitmap) > 300);
    }

    [Fact]
    public void Render_SameCodeDifferentSeeds_PutsTheInkInDifferentColumns()
    {
        // No fixed slots: the same digits land elsewhere from one image to the next.
        using var first = CaptchaPixels.Decode(CaptchaRenderer.Render("24680", new Random(1)));
        using var second = CaptchaPixels.Decode(CaptchaRenderer.Render("24680", new Random(2)));

        Assert.NotEqual(CaptchaPixels.InkColumns(first), CaptchaPixels.InkColumns(second));
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
        using var second = CaptchaPixels.Decode(CaptchaRenderer.Render("35986", new Random(42)));

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

    [Fact]
    public void Generate_ManyCodes_UseOnlyTheAlphabetWithoutOneOrSeven()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => CaptchaCode.Generate()).ToList();

        Assert.All(codes, c => Assert.Equal(CaptchaCode.Length, c.Length));
        Assert.DoesNotContain(codes, c => c.Contains('1') || c.Contains('7'));
        // 10,000 digits from 8 symbols: every one of them shows up.
        Assert.Equal(CaptchaCode.Alphabet.Order(), string.Concat(codes).Distinct().Order());
    }
}
