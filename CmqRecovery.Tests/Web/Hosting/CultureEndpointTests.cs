using System.Net;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// The language switch's way back: any redirectUri that is not a path on this site goes to the home page, as a
/// redirect, never a 500 and never an error in the log.
/// </summary>
public sealed class CultureEndpointTests
{
    /// <summary>Raw query values (already percent-encoded as an attacker would type them).</summary>
    public static TheoryData<string> ForeignTargets() =>
    [
        "//evil.example",
        "/%2Fevil.example",
        "%2F%2Fevil.example",
        "/\\evil.example",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "https://evil.example",
        "https%3A%2F%2Fevil.example",
        "evil.example",
        "/%09/evil.example",
        "/%0D%0ASet-Cookie:%20x=1",
        "/%00",
        "/x%7F",
        "/%C3%A9",
        "~//evil.example",
        "",
        "/" + new string('a', LocalUrl.MaxLength),
    ];

    [DatabaseTheory]
    public async Task GetCulture_ForeignOrMalformedRedirectUris_RedirectHomeWithoutAnError(DatabaseProvider provider)
    {
        var logs = new CapturedLogs(LogLevel.Warning);
        await using var factory = RecoveryWebFactory.Over(
            await TestDatabase.CreateAsync(provider, "web"), "Development", builder => builder.ConfigureLogging(l => l.AddProvider(logs)));
        var client = factory.CreateBrowser();

        foreach (var target in ForeignTargets())
        {
            var response = await client.GetAsync($"/culture?c=en-CA&redirectUri={target}");

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{target}: {response.StatusCode}");
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [DatabaseTheory]
    public async Task GetCulture_LocalPathWithQuery_RedirectsThere(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider);

        var response = await factory.CreateBrowser().GetAsync($"/culture?c=en-CA&redirectUri={Uri.EscapeDataString("/recuperation?x=%2F%2Fy")}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/recuperation?x=%2F%2Fy", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/connexion", true)]
    [InlineData("/recuperation?c=1&d=%2F", true)]
    [InlineData("//evil", false)]
    [InlineData("/\\evil", false)]
    [InlineData("/\t/x", false)]
    [InlineData("/\r\nx", false)]
    [InlineData("/x\u0000", false)]
    [InlineData("/é", false)]
    [InlineData("https://evil", false)]
    [InlineData("\\\\evil", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsLocal_Target_AcceptsOnlyPathsOnThisSite(string? url, bool local)
    {
        Assert.Equal(local, LocalUrl.IsLocal(url));
    }
}
