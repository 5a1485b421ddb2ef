using CmqRecovery.Core.Data;
using System.Net;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Hosting;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>The reset token in a mailed link's path is never copied into the language switch's query string.</summary>
public sealed class ResetTokenInLinksTests
{
    private static readonly string Id = RecoveryTokens.NewId();
    private static readonly string Token = RecoveryTokens.NewToken();

    [DatabaseTheory]
    public async Task GetResetLink_PrerenderedLanguageSwitch_DoesNotCarryTheToken(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var client = factory.CreateBrowser();

        var html = await client.GetStringAsync($"/reinitialisation/{Id}/{Token}");

        var href = WebUtility.HtmlDecode(Regex.Match(html, "class=\"language-switch\" href=\"([^\"]*)\"").Groups[1].Value);
        Assert.StartsWith("/culture?", href);
        Assert.DoesNotContain(Token, href, StringComparison.Ordinal);
        Assert.Contains("redirectUri=%2Freinitialisation", href, StringComparison.Ordinal);
    }

    [DatabaseTheory]
    public async Task GetCulture_RedirectToAResetLink_RedirectsToTheBareResetPage(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);
        var client = factory.CreateBrowser();

        var response = await client.GetAsync($"/culture?c=en-CA&redirectUri={Uri.EscapeDataString($"/reinitialisation/{Id}/{Token}")}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/reinitialisation", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/reinitialisation/abc/def", "/reinitialisation")]
    [InlineData("/REINITIALISATION/abc/def", "/reinitialisation")]
    [InlineData("/reinitialisation", "/reinitialisation")]
    [InlineData("/recuperation", "/recuperation")]
    [InlineData("/reinitialisationx/abc", "/reinitialisationx/abc")]
    public void WithoutResetToken_Path_DropsOnlyTheLinkPart(string path, string expected)
    {
        Assert.Equal(expected, CultureEndpoint.WithoutResetToken(path));
    }
}
