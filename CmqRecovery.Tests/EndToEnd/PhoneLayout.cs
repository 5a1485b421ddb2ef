using Microsoft.Playwright;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// What a 360 px phone needs from a page: nothing wider than the screen, and every control big enough to tap
/// (WCAG 2.5.8: 24 × 24 px) and really reached by a tap at its centre (nothing lying over it).
/// </summary>
public static class PhoneLayout
{
    public const int Width = 360;
    public const int Height = 740;
    public const int MinTarget = 24;

    // Each control is scrolled to the middle of the screen, then the element at its centre must be the control
    // or inside it. Links inside a sentence are exempt from the size rule (WCAG 2.5.8's inline exception).
    private const string Script = """
        ([width, minTarget]) => {
            const describe = e => e ? `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} class="${e.className}">`
                + ` "${(e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40)}"` : 'nothing';
            const problems = [];
            const page = document.documentElement.scrollWidth;
            if (page > width) problems.push(`the page lays out ${page} px wide`);
            for (const e of document.querySelectorAll('body *')) {
                // The notch spacer of an outlined field is meant to be empty; a clipped child (a progress bar's
                // sliding fill) shows only what its box shows.
                if (!e.checkVisibility() || e.closest('.skip-link, .visually-hidden, .mud-input-outlined-border')) continue;
                let clipped = false;
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    const ar = a.getBoundingClientRect();
                    if (getComputedStyle(a).overflowX !== 'visible' && ar.left >= -0.5 && ar.right <= width + 0.5) { clipped = true; break; }
                }
                if (clipped) continue;
                const r = e.getBoundingClientRect();
                if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) problems.push(`${describe(e)} spans ${Math.round(r.left)}..${Math.round(r.right)} px`);
                if (e.matches('label, legend, caption, th, td, h1, h2, p, li') && e.scrollWidth > e.clientWidth + 1) problems.push(`${describe(e)} is cut off (${e.scrollWidth} px in ${e.clientWidth} px)`);
            }
            const controls = document.querySelectorAll('button, [role=button], summary, a[href], input[type=radio], input[type=checkbox]');
            for (const c of controls) {
                if (!c.checkVisibility() || c.closest('.skip-link')) continue;
                const target = c.matches('input') ? c.parentElement : c;
                target.scrollIntoView({ block: 'center', inline: 'nearest' });
                const r = target.getBoundingClientRect();
                const inline = c.matches('a') && c.closest('p, li, td');
                if (!inline && (r.width < minTarget || r.height < minTarget)) problems.push(`${describe(c)} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                if (!hit || !(target === hit || target.contains(hit))) problems.push(`a tap on ${describe(c)} lands on ${describe(hit)}`);
            }
            window.scrollTo(0, 0);
            return problems;
        }
        """;

    /// <summary>Fails with every overflowing element and every control a tap cannot reach.</summary>
    public static async Task AssertFitsAsync(IPage page, string what)
    {
        // After a tap that posts a form, the new page's text can be visible before its stylesheets apply: measured
        // then, every padded link looked too small (seen once on the sign-in page after « New image »).
        // The document's own state, polled, rather than Playwright's load event for it: once on CI the event never
        // reached the wait (its log saw only "networkidle") after a form post. A page really stuck says what it waits for.
        try
        {
            await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{what} ({page.Url}) never finished loading.\n{PageEventLog.Describe(page)}", ex);
        }

        var problems = await page.EvaluateAsync<string[]>(Script, new object[] { Width, MinTarget });
        if (Environment.GetEnvironmentVariable("PHONE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            // For a person to look at: PHONE_SCREENSHOTS=/tmp/phone keeps a full-page PNG of every page checked.
            var file = $"{Directory.GetFiles(folder, "*.png").Length:00}.png";
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, file), FullPage = true });
        }

        Assert.True(problems.Length == 0, $"At {Width} px, {what} ({page.Url}):\n- " + string.Join("\n- ", problems));
    }
}
