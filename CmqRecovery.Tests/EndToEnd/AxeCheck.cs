using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>axe-core over the page as it is now, against the WCAG 2.0, 2.1 and 2.2 A and AA rules.</summary>
public static class AxeCheck
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>Fails with every violation's rule, impact, help and offending HTML, so the report says what to fix.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var report = await ReportAsync(page, what);
        Assert.True(report is null, report);
    }

    /// <summary>The violations on the page as a readable report, or null when there are none.</summary>
    public static async Task<string?> ReportAsync(IPage page, string what)
    {
        // Judge the page a person sees once it is still: a dialog fading in is blended with the page behind it, so
        // mid-animation colours fail contrast that the settled dialog passes (seen once in CI on the reload dialog).
        // Only finite animations are waited for; a spinner's infinite one never ends.
        await page.WaitForFunctionAsync(
            "() => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity)");
        // The circuit's HeadOutlet takes over the prerendered <head> as it starts, and for an instant there is no
        // <title> (seen once on the enrolment page). Judge the settled head; a page that never gets one still fails.
        try
        {
            await page.WaitForFunctionAsync("() => document.title !== ''", null, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // axe's document-title rule says so below, with the page.
        }

        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
            // The app's only frame is /dev/courriels' sandboxed mail (no script may run there, so axe cannot be
            // injected and would wait forever); the frame element itself (title) is still checked from the page.
            Iframes = false,
        });

        if (results.Violations.Length == 0)
        {
            return null;
        }

        var report = new StringBuilder($"axe found {results.Violations.Length} violation(s) on {what} ({page.Url}):");
        foreach (var violation in results.Violations)
        {
            report.Append(
                $"\n- {violation.Id} [{violation.Impact}] {violation.Help} ({string.Join(", ", violation.Tags)}) {violation.HelpUrl}");
            foreach (var node in violation.Nodes)
            {
                report.Append($"\n    at {node.Target}: {node.Html}");
                var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []);
                foreach (var check in checks)
                {
                    report.Append($"\n      {check.Message}");
                }
            }
        }

        return report.ToString();
    }
}
