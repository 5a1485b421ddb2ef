using CmqRecovery.Core.Data;
using System.Net;
using CmqRecovery.Tests.TestSupport;

namespace CmqRecovery.Tests.Web.Hosting;

/// <summary>
/// Outside Development: no dev pages, no start without a mail host and a public base URL, and none of the test
/// shortcuts (captcha test code, cheap KDF) that Development and Testing allow.
/// </summary>
public sealed class StagingAppTests
{
    private static readonly Dictionary<string, string?> Required = ProductionSettings.Required();

    private static Dictionary<string, string?> RequiredWithout(string key) => ProductionSettings.RequiredWithout(key);

    [DatabaseTheory]
    public async Task GetDevMailbox_Staging_Returns404(DatabaseProvider provider)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Staging", Required);
        var client = factory.CreateHttpsBrowser();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/connexion")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/courriels")).StatusCode);
    }

    [DatabaseTheory]
    [DatabaseData("Smtp:Host")]
    [DatabaseData("Recovery:PublicBaseUrl")]
    [DatabaseData("DataProtection:CertificatePath")]
    [DatabaseData("Hashing:AnswerPepper")]
    public async Task Start_StagingWithoutARequiredSetting_RefusesAndNamesIt(DatabaseProvider provider, string missing)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, "Staging", RequiredWithout(missing));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains(missing, Flatten(error));
    }

    [DatabaseTheory]
    [DatabaseData("Production")]
    [DatabaseData("Staging")]
    public async Task Start_NonTestEnvironmentWithCaptchaTestCode_Refuses(DatabaseProvider provider, string environment)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, environment, new Dictionary<string, string?>(Required) { ["Captcha:TestCode"] = "12345" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains("Captcha:TestCode", Flatten(error));
    }

    [DatabaseTheory]
    [DatabaseData("Production")]
    [DatabaseData("Staging")]
    public async Task Start_NonTestEnvironmentBelowIterationFloor_RefusesAndNamesIt(DatabaseProvider provider, string environment)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(provider, environment, new Dictionary<string, string?>(Required) { ["Hashing:Iterations"] = "209999" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains("Hashing:Iterations", Flatten(error));
        Assert.Contains("210,000", Flatten(error));
    }

    [DatabaseTheory]
    [DatabaseData("Production")]
    [DatabaseData("Staging")]
    public async Task Start_NonTestEnvironmentWithAnUnreadableCertificate_RefusesAndNamesIt(DatabaseProvider provider, string environment)
    {
        await using var factory = await RecoveryWebFactory.CreateAsync(
            provider, environment, new Dictionary<string, string?>(Required) { ["DataProtection:CertificatePassword"] = "pas-le-bon" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateBrowser());

        Assert.Contains("DataProtection:CertificatePath", Flatten(error));
        Assert.Contains("does not start", Flatten(error));
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message))
            : error.Message + (error.InnerException is { } inner ? " | " + Flatten(inner) : string.Empty);
}
