using System.Net;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>Outside Development: no dev pages, and no start without a mail host and a public base URL.</summary>
public sealed class StagingAppTests
{
    private static readonly Dictionary<string, string?> Required = new()
    {
        ["Smtp:Host"] = "smtp.recuperation.test",
        ["Recovery:PublicBaseUrl"] = "https://recuperation.test",
    };

    private static Dictionary<string, string?> RequiredWithout(string key)
    {
        var settings = new Dictionary<string, string?>(Required) { [key] = null };
        return settings;
    }

    [Fact]
    public async Task GetDevCourriels_Staging_Returns404()
    {
        await using var factory = new RecoveryWebFactory("Staging", Required);
        var client = factory.CreateBrowser();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/connexion")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/courriels")).StatusCode);
    }

    [Theory]
    [InlineData("Smtp:Host")]
    [InlineData("Recovery:PublicBaseUrl")]
    public async Task Start_StagingWithoutARequiredSetting_RefusesAndNamesIt(string missing)
    {
        await using var factory = new RecoveryWebFactory("Staging", RequiredWithout(missing));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains(missing, Flatten(error));
    }

    [Fact]
    public async Task Start_ProductionWithCaptchaTestCode_Refuses()
    {
        await using var factory = new RecoveryWebFactory("Production", Required);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains("Captcha:TestCode", Flatten(error));
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
            : error.Message + (error.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);
}
