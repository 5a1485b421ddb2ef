using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// The whole web app in-process over its own SQLite file, with CoreTestHost's settings (fast hashing, captcha test
/// code). <paramref name="overrides"/> replace settings; a null value removes one.
/// </summary>
public sealed partial class RecoveryWebFactory(string environment = "Development", IDictionary<string, string?>? overrides = null)
    : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"cmqrecovery-web-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={_databasePath};Pooling=False";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        var settings = CoreTestHost.TestSettings(_databasePath);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings.Where(s => s.Value is not null))
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>GETs a page with a static form and posts it (to <paramref name="action"/>, or back) with its antiforgery token and form name.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string path, IDictionary<string, string> fields, string? action = null)
    {
        var page = await client.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(HiddenValue(page, "__RequestVerificationToken")),
        };
        if (HiddenValueOrNull(page, "_handler") is { } handler)
        {
            form["_handler"] = WebUtility.HtmlDecode(handler);
        }

        return await client.PostAsync(action ?? path, new FormUrlEncodedContent(form));
    }

    private static string HiddenValue(string html, string name) =>
        HiddenValueOrNull(html, name) ?? throw new InvalidOperationException($"No hidden field {name} in the page.");

    private static string? HiddenValueOrNull(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }
}
