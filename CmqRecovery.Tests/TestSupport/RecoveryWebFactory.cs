using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using CmqRecovery.Core.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>
/// The whole web app in-process over its own database (<see cref="TestDatabase"/>, removed on dispose), with
/// <see cref="TestHostSettings"/> (fast hashing, captcha test code). <c>overrides</c> replace settings; a null value removes one.
/// </summary>
public sealed partial class RecoveryWebFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly string _environment;
    private readonly IEnumerable<KeyValuePair<string, string?>>?[] _overrides;
    private readonly Action<IWebHostBuilder>? _configure;

    private RecoveryWebFactory(
        TestDatabase database, string environment, IEnumerable<KeyValuePair<string, string?>>?[] overrides, Action<IWebHostBuilder>? configure)
    {
        _database = database;
        _environment = environment;
        _overrides = overrides;
        _configure = configure;
    }

    public TestDatabase Database => _database;

    public static async Task<RecoveryWebFactory> CreateAsync(
        DatabaseProvider provider, string environment = "Development", IDictionary<string, string?>? overrides = null) =>
        new(await TestDatabase.CreateAsync(provider, "web"), environment, [overrides], null);

    /// <summary>A factory over a database it takes over (removed on dispose), with more to configure (<see cref="RunningApp"/>).</summary>
    public static RecoveryWebFactory Over(
        TestDatabase database, string environment, Action<IWebHostBuilder> configure, params IEnumerable<KeyValuePair<string, string?>>?[] overrides) =>
        new(database, environment, overrides, configure);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in TestHostSettings.For(_database, _overrides).Where(s => s.Value is not null))
        {
            builder.UseSetting(key, value);
        }

        _configure?.Invoke(builder);
    }

    public RecoveryDbContext NewDbContext() =>
        Services.GetRequiredService<IDbContextFactory<RecoveryDbContext>>().CreateDbContext();

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A browser that reaches the app over HTTPS, as it is behind the TLS proxy (the request's scheme is https).</summary>
    public HttpClient CreateHttpsBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://recuperation.test"),
    });

    /// <summary>GETs a page with a static form and posts it (to <paramref name="action"/>, or back) with its antiforgery token and form name.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string path, IDictionary<string, string> fields, string? action = null) =>
        await client.PostAsync(action ?? path, new FormUrlEncodedContent(await FormFieldsAsync(client, path, fields)));

    /// <summary>GETs a page with a static form: <paramref name="fields"/> plus its antiforgery token and form name, ready to post.</summary>
    public static async Task<Dictionary<string, string>> FormFieldsAsync(HttpClient client, string path, IDictionary<string, string> fields) =>
        FormFields(await client.GetStringAsync(path), fields);

    /// <summary><paramref name="fields"/> plus the antiforgery token and form name of the static form in <paramref name="page"/>.</summary>
    public static Dictionary<string, string> FormFields(string page, IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(HiddenValue(page, "__RequestVerificationToken")),
        };
        if (HiddenValueOrNull(page, "_handler") is { } handler)
        {
            form["_handler"] = WebUtility.HtmlDecode(handler);
        }

        return form;
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
        await _database.DisposeAsync();
    }
}
