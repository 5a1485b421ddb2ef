using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Data;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// The first load of /recuperation: every stylesheet and script goes out fingerprinted, cached for good and
/// compressed when the browser accepts it (MudBlazor's 627 KB of CSS used to go out raw), and nothing the page does
/// not use (the password meter's dictionaries wait for the new-password step).
/// </summary>
public sealed partial class StaticAssetsTests : IAsyncLifetime
{
    // A test host serves the build manifest, where MapStaticAssets answers no-cache (so edits show on refresh)
    // unless told to keep the headers a published app sends.
    // Static assets do not touch the database: one provider is enough.
    private RecoveryWebFactory _factory = null!;
    private HttpClient _client = null!;
    private string _page = null!;

    public async Task InitializeAsync()
    {
        _factory = await RecoveryWebFactory.CreateAsync(DatabaseProvider.Sqlite, overrides: new Dictionary<string, string?>
        {
            ["EnableStaticAssetsDevelopmentCaching"] = "true",
        });
        _client = _factory.CreateBrowser();
        _page = await _client.GetStringAsync("/recuperation");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private IReadOnlyList<string> FirstLoadAssets =>
        AssetReference().Matches(_page).Select(m => m.Groups["url"].Value).ToList();

    [Fact]
    public void FirstLoad_References_OnlyFingerprintedAssetsAndNoDictionaries()
    {
        var canonical = FirstLoadAssets.Select(url => Fingerprinted().Replace(url, ".$1")).ToList();
        Assert.Subset(canonical.ToHashSet(), new HashSet<string>
        {
            "lib/mudblazor/MudBlazor.min.css", "lib/mudblazor/MudBlazor.min.js", "app.css", "_framework/blazor.web.js",
        });
        Assert.All(FirstLoadAssets, url => Assert.Matches(Fingerprinted(), url));
        Assert.DoesNotContain("_content/MudBlazor", _page);
        Assert.DoesNotContain("zxcvbn", _page);
    }

    [Fact]
    public async Task FirstLoadAssets_AcceptingBrotliAndGzip_ComeCompressedAndImmutable()
    {
        foreach (var url in FirstLoadAssets)
        {
            using var compressed = await GetAsync(url, "br, gzip");
            using var raw = await GetAsync(url, acceptEncoding: null);

            Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
            Assert.Contains(compressed.Content.Headers.ContentEncoding.Single(), new[] { "br", "gzip" });
            var cacheControl = compressed.Headers.CacheControl?.ToString() ?? string.Empty;
            Assert.True(cacheControl.Contains("immutable", StringComparison.Ordinal), $"{url}: Cache-Control {cacheControl}");
            Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
            Assert.Empty(raw.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task MudBlazorCss_Gzip_UnderAnEighthOfItsSize()
    {
        var url = FirstLoadAssets.Single(u => u.Contains("MudBlazor.min", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));

        using var response = await GetAsync(url, "gzip");

        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.InRange((await response.Content.ReadAsByteArrayAsync()).Length, 1, 627_417 / 8);
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + url);
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        return await _client.SendAsync(request);
    }

    [GeneratedRegex(@"(?:<link rel=""stylesheet"" href|<script(?: type=""module"")? src)=""(?<url>[^""]+)""")]
    private static partial Regex AssetReference();

    [GeneratedRegex(@"\.[a-z0-9]{10}\.((?:styles\.|razor\.)?(?:css|js))$")]
    private static partial Regex Fingerprinted();
}
