using CmqRecovery.Core;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CmqRecovery.Core.Captcha;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Tests.TestSupport;
using CmqRecovery.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// Prometheus metrics on the management port only, scraped from a real Kestrel listening on two ports as configured
/// (the app adds Management:Urls to its own listening addresses). Not run beside other tests: an exporter listens to
/// every meter of its name in the process, so another test's recoveries would show up in this scrape.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class ManagementEndpointTests
{
    [DatabaseTheory]
    public async Task GetMetrics_OnTheManagementPortAfterRecoverySteps_ShowsTheirCountsAndNoIdentifier(DatabaseProvider provider)
    {
        await using var app = await TwoPortApp.StartAsync(provider, "Development", new Dictionary<string, string?>
        {
            ["RateLimits:Identify:PermitLimit"] = "3",
            ["RateLimits:SignIn:PermitLimit"] = "1",
        });
        using var management = new HttpClient { BaseAddress = new Uri(app.ManagementUrl) };
        using var browser = new HttpClient { BaseAddress = new Uri(app.PublicUrl) };
        var member = DemoMembers.All[1];

        var identified = await IdentifyAsync(app, member.UserCode, TestHostSettings.CaptchaCode);
        await IdentifyAsync(app, member.Email, "00000");
        await app.Services.GetRequiredService<CheckAnswers>().ForIdentityAsync(identified.Value!, "non", "non", RecoverySteps.Client);
        await IdentifyAsync(app, member.Email, TestHostSettings.CaptchaCode);
        Assert.Equal(Outcome.Throttled, (await IdentifyAsync(app, member.Email, TestHostSettings.CaptchaCode)).Outcome);
        Assert.Equal(HttpStatusCode.OK, (await PostSignInAsync(browser, member.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostSignInAsync(browser, member.Email)).StatusCode);

        var response = await management.GetAsync(ManagementEndpoint.MetricsPath);
        var scrape = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, Value(scrape, "cmq_recovery_started_total"));
        Assert.Equal(1, Value(scrape, "cmq_recovery_step_failures_total", "step=\"identify\""));
        Assert.Equal(1, Value(scrape, "cmq_recovery_step_failures_total", "step=\"answers\""));
        Assert.Equal(1, Value(scrape, "cmq_ratelimit_rejections_total", "limit=\"identify\""));
        Assert.Equal(1, Value(scrape, "cmq_ratelimit_rejections_total", "limit=\"sign-in\""));
        Assert.Equal(1, Value(scrape, "cmq_recovery_step_failures_total", "step=\"sign-in\""));
        Assert.Equal(0, Value(scrape, "cmq_recovery_completed_total"));
        Assert.Equal(0, Value(scrape, "cmq_outbox_depth"));
        Assert.True(Value(scrape, "cmq_kdf_queue_wait_seconds_count") >= 1);
        foreach (var secret in new[] { member.Email, member.UserCode, "julien", RecoverySteps.Client.IpAddress! })
        {
            Assert.DoesNotContain(secret, scrape, StringComparison.OrdinalIgnoreCase);
        }
    }

    [DatabaseTheory]
    public async Task GetMetrics_OnThePublicPort_Is404AndTheManagementPortServesNothingElse(DatabaseProvider provider)
    {
        await using var app = await TwoPortApp.StartAsync(provider, "Development");
        using var publicClient = new HttpClient { BaseAddress = new Uri(app.PublicUrl) };
        using var management = new HttpClient { BaseAddress = new Uri(app.ManagementUrl) };

        var onPublic = await publicClient.GetAsync(ManagementEndpoint.MetricsPath);
        var pageOnManagement = await management.GetAsync(CmqRecovery.Web.Routes.SignIn);

        Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
        Assert.DoesNotContain("cmq_", await onPublic.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, pageOnManagement.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync(CmqRecovery.Web.Routes.SignIn)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync(ManagementEndpoint.MetricsPath)).StatusCode);
    }

    [DatabaseTheory]
    public async Task GetMetrics_PublicPortFromHttpPortsAsInTheContainerImages_BothPortsListen(DatabaseProvider provider)
    {
        var publicPort = new Uri(TwoPortApp.LoopbackUrl()).Port;
        await using var app = await TwoPortApp.StartAsync(provider, "Development", new Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = null,
            [WebHostDefaults.HttpPortsKey] = publicPort.ToString(CultureInfo.InvariantCulture),
        });
        using var publicClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") };
        using var management = new HttpClient { BaseAddress = new Uri(app.ManagementUrl) };

        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync(CmqRecovery.Web.Routes.SignIn)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await management.GetAsync(ManagementEndpoint.MetricsPath)).StatusCode);
    }

    [DatabaseTheory]
    public async Task GetMetrics_WithoutManagementUrls_IsNowhere(DatabaseProvider provider)
    {
        await using var app = await TwoPortApp.StartAsync(provider, "Development", new Dictionary<string, string?> { [ManagementEndpoint.UrlsKey] = null });
        using var publicClient = new HttpClient { BaseAddress = new Uri(app.PublicUrl) };

        Assert.Equal(HttpStatusCode.NotFound, (await publicClient.GetAsync(ManagementEndpoint.MetricsPath)).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync(app.ManagementUrl + ManagementEndpoint.MetricsPath));
    }

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string email) =>
        RecoveryWebFactory.PostFormAsync(browser, CmqRecovery.Web.Routes.SignIn, SignInForm.Fields(email, SignInForm.WrongPassword));

    private static async Task<UseCaseResult<RecoverySubject>> IdentifyAsync(TwoPortApp app, string identifier, string digits)
    {
        var captcha = await app.Services.GetRequiredService<CaptchaService>().IssueAsync();
        var email = identifier.Contains('@') ? identifier : null;
        return await app.Services.GetRequiredService<IdentifyMember>().ExecuteAsync(
            new IdentifyRequest(email, email is null ? identifier : null, captcha.ChallengeId, digits), RecoverySteps.Client);
    }

    /// <summary>The sum of a metric's samples whose labels include <paramref name="label"/>; 0 when absent.</summary>
    private static double Value(string scrape, string name, string? label = null) => scrape
        .Split('\n')
        .Select(line => Regex.Match(line, $"^{Regex.Escape(name)}(?:\\{{(?<labels>[^}}]*)\\}})? (?<value>\\S+)"))
        .Where(match => match.Success && (label is null || match.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
        .Sum(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
}

/// <summary>Tests that read process-wide metrics run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManagementCollection
{
    public const string Name = "Management";
}
