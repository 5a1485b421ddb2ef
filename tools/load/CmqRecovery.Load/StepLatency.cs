using CmqRecovery.Core.Members;
using CmqRecovery.Web.Dev;
using Microsoft.Playwright;

namespace CmqRecovery.Load;

/// <summary>
/// Submit-to-next-step latency while the idle circuits stay open: <c>active</c> people (one per demo member, so
/// no two share a member's limits) recover at the same time, each typing as a person types.
/// </summary>
internal static class StepLatency
{
    public static async Task<List<double>> MeasureAsync(IBrowser browser, AppProcess app, DevMailbox mailbox, int active)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, active).Select(async i =>
        {
            var page = await PersonTyping.NewPhonePageAsync(browser, app.BaseUrl);
            var member = DemoMembers.All[i % DemoMembers.All.Count];
            var steps = await new PersonTyping(page, app, mailbox).RecoverAsync(member, $"Erable-sucre-Tadoussac-latency-{i}!");
            await page.Context.CloseAsync();
            return steps.Where(s => s.Latency is not null).Select(s => s.Latency!.Value.TotalMilliseconds).ToList();
        }));
        return results.SelectMany(r => r).ToList();
    }
}
