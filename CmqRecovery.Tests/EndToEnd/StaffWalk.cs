using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CmqRecovery.Tests.EndToEnd;

/// <summary>
/// What the console's browser walks share: the development sign-in, the keyboard (Tab through the page in its own
/// order, the focus where a person expects it after a post, and visible there), axe and the phone layout.
/// </summary>
public static class StaffWalk
{
    // More than any console page has before its last form: a control the Tab order never reaches fails.
    private const int MaxTabs = 60;

    /// <summary>The development provider's sign-in page (already open): one identity's button, then the console's home.</summary>
    public static async Task SignInAsync(RecoveryDriver ui, string button, string home)
    {
        await ui.Button(button).ClickAsync();
        await Expect(ui.Heading(home)).ToBeVisibleAsync();
    }

    /// <summary>
    /// Tab from wherever the focus is until it reaches <paramref name="selector"/>, as a person does; fails with the
    /// stops it made when the page's Tab order never reaches it. Each Tab moves the focus at once (no page loads), so
    /// reading the focused element after each press waits for nothing.
    /// </summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        var stops = new List<string>();
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var missed = await page.EvaluateAsync<string?>(
                "s => { const e = document.activeElement; return e.matches(s) ? null : `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}> ${(e.innerText || '').trim().slice(0, 30)}`; }",
                selector);
            if (missed is null)
            {
                return;
            }

            stops.Add(missed);
        }

        Assert.Fail($"{MaxTabs} presses of Tab never reached {selector} on {page.Url}; the focus went through:\n" + string.Join("\n", stops));
    }

    /// <summary>
    /// The focus is on <paramref name="target"/>; on a control, a person sees it there (Chromium's own ring, an outline
    /// of 2 px or more, or a shadow). A message focused after a post is not a control: being read out is its point.
    /// </summary>
    public static async Task ExpectFocusedAsync(ILocator target, bool control = true)
    {
        await Expect(target).ToBeFocusedAsync();
        if (!control)
        {
            return;
        }

        var visible = await target.EvaluateAsync<bool>("""
            e => {
                const s = getComputedStyle(e);
                return (s.outlineStyle === 'auto' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)) || (s.boxShadow && s.boxShadow !== 'none');
            }
            """);
        Assert.True(visible, $"The focus on {target} is not visible (no outline of 2 px or more, no ring).");
    }

    // PhoneLayout measures against the screen; a console page is drawn in a card (main), whose padding is the margin a
    // person sees. A select sized by its longest option, or a list's bullets hanging left of a list without padding,
    // stayed on the screen yet crossed the card's edge at 360 px (« staff-suspension-lifted, 2026-12-07 04:34 »).
    private const string InsideCard = """
        () => {
            const main = document.querySelector('main');
            const m = main.getBoundingClientRect(), s = getComputedStyle(main);
            const left = m.left + parseFloat(s.paddingLeft), right = m.right - parseFloat(s.paddingRight);
            const problems = [];
            for (const e of main.querySelectorAll('select, input:not([type=hidden]), button, li')) {
                if (!e.checkVisibility()) continue;
                const r = e.getBoundingClientRect();
                if (r.left < left - 0.5 || r.right > right + 0.5) problems.push(`<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}> "${(e.innerText || '').trim().slice(0, 40)}" spans ${Math.round(r.left)}..${Math.round(r.right)} px, the card's content ${Math.round(left)}..${Math.round(right)} px`);
            }
            for (const list of main.querySelectorAll('ul, ol')) {
                const item = list.querySelector(':scope > li');
                if (!item || !item.checkVisibility()) continue;
                const i = getComputedStyle(item);
                if (i.listStyleType !== 'none' && i.listStylePosition === 'outside' && parseFloat(getComputedStyle(list).paddingLeft) < 12)
                    problems.push(`the bullets of <${list.tagName.toLowerCase()}${list.id ? '#' + list.id : ''}> hang outside it (no room left of its items)`);
            }
            return problems;
        }
        """;

    // A list with nothing to choose is a dead end that axe does not flag (seen: « Courriel abandonné à renvoyer », empty,
    // after an invitation posted without a reason, when the page knows no status to fill it from).
    private const string EmptySelects = "() => [...document.querySelectorAll('select')].filter(s => s.checkVisibility() && s.options.length === 0).map(s => '#' + s.id)";

    /// <summary>
    /// axe clean, no list to choose from that is empty; on a phone nothing wider than 360 px, every control a 24 px
    /// target, and nothing past the card's edge.
    /// </summary>
    public static async Task CheckAsync(IPage page, string what, bool phone = false)
    {
        await AxeCheck.AssertNoViolationsAsync(page, what);
        var empty = await page.EvaluateAsync<string[]>(EmptySelects);
        Assert.True(empty.Length == 0, $"{what} ({page.Url}) offers a list with nothing in it: {string.Join(", ", empty)}");
        if (phone)
        {
            await PhoneLayout.AssertFitsAsync(page, what);
            var problems = await page.EvaluateAsync<string[]>(InsideCard);
            Assert.True(problems.Length == 0, $"At {PhoneLayout.Width} px, {what} ({page.Url}):\n- " + string.Join("\n- ", problems));
        }
    }
}
