using CmqRecovery.Tests.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CmqRecovery.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class SmokeTmp(BrowserFixture browser, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Smoke()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await using var app = await RunningApp.StartAsync();
        output.WriteLine($"app {sw.ElapsedMilliseconds} {app.BaseUrl}");
        await using var context = await browser.NewContextAsync(app.BaseUrl);
        var page = await context.NewPageAsync();
        var resp = await page.GotoAsync("/");
        output.WriteLine($"goto {sw.ElapsedMilliseconds} {resp?.Status}");
        output.WriteLine(await page.ContentAsync());
        await AxeCheck.AssertNoViolationsAsync(page, "home");
        output.WriteLine($"axe {sw.ElapsedMilliseconds}");
    }
}
